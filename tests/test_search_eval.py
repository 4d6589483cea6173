"""Search scoring: the matching rule, MRR/Recall/nDCG, and the plain BM25 baseline."""
from __future__ import annotations

from collections import Counter

import pytest

from indexer.search_eval import PlainBM25, Ranked, is_match, score_ranking

UNIQUE = {"a.md": Counter({"Team IaaS": 2, "OVN": 1}), "b.md": Counter({"Zuul": 1})}


def test_a_hit_matches_by_heading_line_or_by_a_heading_unique_in_its_file():
    assert is_match(Ranked("a.md", 40, "OVN"), {"path": "a.md", "line": 40, "heading": "OVN"}, UNIQUE)
    assert is_match(Ranked("a.md", 41, "OVN"), {"path": "a.md", "line": 40, "heading": "OVN"}, UNIQUE)
    assert not is_match(Ranked("a.md", 12, "Team IaaS"), {"path": "a.md", "line": 30, "heading": "Team IaaS"}, UNIQUE)
    assert not is_match(Ranked("b.md", 40, "OVN"), {"path": "a.md", "line": 40, "heading": "OVN"}, UNIQUE)


def test_reciprocal_rank_recall_and_ndcg():
    relevant = [{"path": "b.md", "line": 5, "heading": "Zuul"}, {"path": "a.md", "line": 40, "heading": "OVN"}]
    hits = [Ranked("a.md", 1, "x"), Ranked("b.md", 5, "Zuul")]
    scores = score_ranking(hits, relevant, UNIQUE)
    assert scores["mrr"] == 0.5 and scores["recall"] == 0.5
    assert scores["ndcg"] == pytest.approx((1 / 1.58496) / (1 + 1 / 1.58496), rel=1e-3)


def test_one_relevant_section_counts_once_however_often_it_is_hit():
    relevant = [{"path": "b.md", "line": 5, "heading": "Zuul"}]
    assert score_ranking([Ranked("b.md", 5, "Zuul")] * 3, relevant, UNIQUE)["recall"] == 1.0


def test_plain_bm25_prefers_the_section_with_the_rarer_word():
    sections = [(Ranked("a.md", 1, "x"), "zuul zuul outage"), (Ranked("b.md", 1, "y"), "status page status"),
                (Ranked("c.md", 1, "z"), "status of the status page")]
    assert PlainBM25(sections).search("zuul status")[0].path == "a.md"
    assert PlainBM25(sections).search("Status")[0].path in {"b.md", "c.md"}


def test_timelines_are_scored_by_distinct_files_and_date_order(tiny_index, tmp_path):
    import json

    from indexer.query import open_engine, timeline
    from indexer.search_eval import evaluate_timelines

    found = sorted({e.path for e in timeline(open_engine(tiny_index), "ovn").events})
    assert found, "the tiny corpus mentions OVN"
    expected = found[:1] + ["infra/missing.md"]
    (tmp_path / "timelines.json").write_text(json.dumps(
        {"topics": [{"id": "t1", "topic": "ovn", "expected_paths": expected}]}))
    report = evaluate_timelines(tmp_path, tiny_index)
    row = report["topics"][0]
    assert row["recall"] == 0.5 and row["precision"] == pytest.approx(1 / len(found))
    assert row["missed"] == ["infra/missing.md"] and row["in_order"]


def test_a_typo_swaps_two_letters_in_the_middle_of_the_longest_word():
    from indexer.search_eval import with_typo

    assert with_typo("rookify status") == "rokoify status"
    assert with_typo("ovn 24.03 lts") == "ovn 24.03 lts"  # no word of five letters: left alone
    assert with_typo("zuul zookeeper outage") == "zuul zooekeper outage"
