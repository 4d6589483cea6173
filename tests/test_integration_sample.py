"""End to end on the shipped sample corpus: build, search, facets, timeline, decisions, entities."""
from __future__ import annotations

from pathlib import Path

from indexer.check import check
from indexer.query import Filters, decisions, open_engine, search, timeline
from indexer.status import index_status

from .conftest import SAMPLE_CORPUS


def test_the_sample_corpus_is_large_and_varied_enough():
    files = [p for p in SAMPLE_CORPUS.rglob("*.md") if p.name != "README.md"]
    series = {p.relative_to(SAMPLE_CORPUS).parts[0] for p in files}
    years = {p.name[:4] for p in files if p.name[:4].isdigit()}
    assert len(files) >= 30 and len(series) >= 3 and len(years) >= 2


def test_sample_index_holds_every_file_and_nothing_is_lost(sample_index: Path):
    status = index_status(sample_index)
    assert status["files"] >= 30
    assert {f["reason"] for f in status["skipped_files"]} <= {"repository file, not minutes"}  # the read-me only
    assert check(sample_index).ok


def test_search_finds_the_ovn_upgrade_decision_first(sample_index: Path):
    result = search(open_engine(sample_index), "ovn upgrade")
    assert "OVN" in result.hits[0].heading
    assert result.facets["project"]["OVN"] >= 3
    assert result.hits[0].date and result.hits[0].series


def test_facet_filter_narrows_to_one_series(sample_index: Path):
    engine = open_engine(sample_index)
    everything = search(engine, "upgrade")
    board = search(engine, "upgrade", filters=Filters.from_pairs(["series=board"]))
    assert 0 < board.total < everything.total
    assert board.total == everything.facets["series"]["board"]


def test_alias_spellings_find_the_same_project(sample_index: Path):
    engine = open_engine(sample_index)
    by_alias = {h.path for h in search(engine, "open vswitch", limit=50).hits}
    tagged = {h.path for h in search(engine, "", filters=Filters.from_pairs(["project=OVS"]), limit=50).hits}
    assert tagged and tagged <= by_alias


def test_timeline_follows_a_topic_across_series_in_date_order(sample_index: Path):
    result = timeline(open_engine(sample_index), "opentofu")
    dates = [e.date for e in result.events]
    assert len({e.series for e in result.events}) >= 2 and dates == sorted(dates)
    assert sum(b["count"] for b in result.buckets) == result.total


def test_decision_log_has_decisions_from_several_series(sample_index: Path):
    items = decisions(open_engine(sample_index))
    assert len(items) >= 10 and len({i.series for i in items}) >= 3
    actions = decisions(open_engine(sample_index), actions=True)
    assert any(i.owners for i in actions)
