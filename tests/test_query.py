"""The query layer: search with filters and facets, timelines, the decision log."""
from __future__ import annotations

from pathlib import Path

import pytest

from indexer.query import BadQuery, Filters, decisions, open_engine, owners_of, search, timeline
from indexer.store import MARK_START


@pytest.fixture
def engine(tiny_index: Path):
    return open_engine(tiny_index)


def test_search_finds_the_section_not_just_the_file(engine):
    hit = search(engine, "ovn upgrade").hits[0]
    assert (hit.path, hit.heading, hit.line, hit.date, hit.series) == (
        "infra/20240306.md", "OVN 24.03.0 upgrade (@tobias)", 8, "2024-03-06", "infra")


def test_hits_carry_their_entities(engine):
    hit = search(engine, "ovn upgrade").hits[0]
    assert "OVN" in hit.entities["project"] and "24.03.0" in hit.entities["version"]
    assert "tobias" in hit.entities["person"]


def test_stemming_finds_other_forms_of_a_word(engine):
    assert search(engine, "upgrading").hits[0].path == "infra/20240306.md"


def test_a_version_prefix_finds_the_full_version(engine):
    assert search(engine, "24.03").hits[0].heading.startswith("OVN 24.03.0")


def test_facets_count_every_match_not_just_the_page(engine):
    result = search(engine, "", limit=1)
    assert result.total >= 7 and len(result.hits) == 1
    assert sum(result.facets["series"].values()) == result.total
    assert set(result.facets) == {"series", "year", "person", "project", "version", "issue"}


def test_filters_narrow_by_series_and_entity(engine):
    assert {h.series for h in search(engine, "", filters=Filters.from_pairs(["series=board"]), limit=50).hits} == {"board"}
    result = search(engine, "", filters=Filters.from_pairs(["project=ovn"]))
    assert result.total == 1 and result.hits[0].heading.startswith("OVN")


def test_filters_accept_handles_with_at_and_any_case(engine):
    assert search(engine, "", filters=Filters.from_pairs(["person=@Tobias"])).total >= 1


def test_issue_filter_accepts_short_forms(engine):
    for form in ("example/ceph-ops#12", "ceph-ops#12", "#12"):
        result = search(engine, "", filters=Filters.from_pairs([f"issue={form}"]))
        assert [h.path for h in result.hits] == ["infra/20240313.md"], form


def test_date_filters_and_operators_agree(engine):
    since = search(engine, "", filters=Filters.from_pairs([], since="2024-01-01"), limit=50)
    assert since.hits and all(h.date >= "2024-01-01" for h in since.hits)
    operator = search(engine, "after:2024-01-01", limit=50)
    assert {h.path for h in operator.hits} == {h.path for h in since.hits}
    assert {h.date[:4] for h in search(engine, "date:2023", limit=50).hits} == {"2023"}


@pytest.mark.parametrize("pairs,since", [(["color=red"], None), (["series"], None), ([], "March 2024")])
def test_malformed_filters_are_bad_queries(pairs, since):
    with pytest.raises(BadQuery):
        Filters.from_pairs(pairs, since=since)


def test_bad_date_operator_is_a_bad_query(engine):
    with pytest.raises(BadQuery, match="YYYY"):
        search(engine, "after:yesterday")


def test_snippets_mark_matched_words_only_when_asked(engine):
    assert MARK_START in search(engine, "lab", marks=True).hits[0].snippet
    assert MARK_START not in search(engine, "lab").hits[0].snippet


def test_a_word_no_section_holds_is_searched_respelled(engine):
    result = search(engine, "upgrdae")
    assert result.corrected == "upgrade" and result.suggestion is None and result.query == "upgrdae"
    assert [h.path for h in result.hits] == [h.path for h in search(engine, "upgrade").hits]
    assert result.to_json()["corrected"] == "upgrade"


def test_as_typed_searches_the_mistyped_word_and_only_suggests(engine):
    result = search(engine, "upgrdae", as_typed=True)
    assert result.total == 0 and result.suggestion == "upgrade" and result.corrected is None


def test_timeline_lists_mentions_oldest_first_with_buckets(engine):
    result = timeline(engine, "ceph OR ovn", by="month")
    dates = [e.date for e in result.events]
    assert dates == sorted(dates) and len(dates) == result.total == 2
    assert result.buckets == [{"period": "2024-03", "count": 2}]


def test_timeline_by_year_and_meeting(engine):
    assert timeline(engine, "release", by="year").buckets == [{"period": "2023", "count": 1}, {"period": "2024", "count": 1}]
    assert [b["period"] for b in timeline(engine, "ceph", by="meeting").buckets] == ["2024-03-13 infra"]
    with pytest.raises(BadQuery):
        timeline(engine, "x", by="week")


def test_decisions_and_actions_newest_first(engine):
    items = decisions(engine)
    assert [i.date for i in items] == sorted((i.date for i in items), reverse=True)
    assert any("upgrade OVN" in i.text for i in items)
    actions = decisions(engine, actions=True)
    assert any(i.owners == ["ana"] for i in actions)
    assert "ana" in owners_of(actions)


def test_decisions_can_be_narrowed_by_query_and_owner(engine):
    assert [i.heading for i in decisions(engine, "R6")] == ["Release R6"]
    assert [i.owners for i in decisions(engine, actions=True, owner="@ANA")] == [["ana"]]


def test_an_item_written_again_in_later_meetings_is_listed_once_at_its_newest():
    from indexer.model import LoggedItem
    from indexer.query import fold_repeats

    def item(date, path, series="board", text="Skip the  election"):
        return LoggedItem("decision", text, date, path, series, "Elections", 3, [])
    folded = fold_repeats([item("2025-12-01", "b/3.md"), item("2025-11-24", "b/2.md", text="skip the election"),
                           item("2025-11-24", "x/2.md", series="other"), item("2025-11-10", "b/1.md")])
    assert [(i.path, i.earlier) for i in folded] == [
        ("b/3.md", ["2025-11-24 b/2.md:3", "2025-11-10 b/1.md:3"]), ("x/2.md", [])]


def test_phrases_work_alone_and_negated(engine):
    assert search(engine, '"lab cluster"').hits[0].path == "infra/20240306.md"
    assert search(engine, 'ceph NOT "lab cluster"').total >= 1


def test_timeline_snippets_show_the_mention():
    from indexer.query import quick_snippet

    text = "- first line\n- the Rookify tool was tested\n- more\n- and more\n- end"
    assert quick_snippet(text, ["rookify"]).startswith("- the Rookify tool")
    assert quick_snippet(text, ["absent"]).startswith("- first line")


def test_a_typo_gets_a_suggestion_even_when_other_words_match(tmp_path):
    files = {f"iaas/202401{n:02d}.md": f"# Meeting\n\n## ZooKeeper\n\nzookeeper restarted, outage over, item {n}\n"
             for n in range(1, 13)}
    files["ops/20240201.md"] = "# Ops\n\n## Outage\n\nthe zookeper typo is here once; an outage\n"
    from tests.conftest import write_corpus
    from indexer.indexing import build

    build(tmp_path / "index", [write_corpus(tmp_path / "corpus", files)])
    engine = open_engine(tmp_path / "index")
    result = search(engine, "zookeper outage")
    assert result.total > 0 and result.suggestion == "zookeeper outage"
    assert search(engine, "zookeeper outage").suggestion is None
    assert search(engine, "outage 2024").suggestion is None


def test_facets_and_hit_entities_survive_an_index_of_several_segments(tiny_corpus: Path, tmp_path: Path):
    from indexer.indexing import build, update

    build(tmp_path / "index", [tiny_corpus])
    (tiny_corpus / "infra" / "20240410.md").write_text("# Infra\n\n## OVN again\n\n@tobias checked OVN 24.03.1\n")
    update(tmp_path / "index", [tiny_corpus])
    engine = open_engine(tmp_path / "index")
    assert len(engine.searcher.reader().leaf_readers()) > 1
    result = search(engine, "ovn")
    assert result.facets["project"].get("OVN", 0) >= 2
    assert all("OVN" in hit.entities["project"] for hit in result.hits if "ovn" in hit.heading.lower())


def test_the_closest_respelling_wins_over_a_commoner_one_further_away(tmp_path):
    files = {f"iaas/202401{n:02d}.md": f"# Meeting\n\n## Rook\n\nrook operator deployed, item {n}\n" for n in range(1, 21)}
    files.update({f"iaas/202402{n:02d}.md": f"# Meeting\n\n## Rookify\n\nrookify migration tested, item {n}\n"
                  for n in range(1, 5)})
    from tests.conftest import write_corpus
    from indexer.indexing import build

    build(tmp_path / "index", [write_corpus(tmp_path / "corpus", files)], workers=1)
    engine = open_engine(tmp_path / "index")
    assert engine.frequency("rook") > engine.frequency("rookify")
    assert search(engine, "rookfy").corrected == "rookify"


def test_a_respelling_takes_the_written_form_nearest_to_what_was_typed(tmp_path):
    files = {f"iam/202401{n:02d}.md": f"# Meeting\n\n## Zitadel\n\nzitadel evaluated; the evaluation goes on, item {n}\n"
             for n in range(1, 6)}
    from tests.conftest import write_corpus
    from indexer.indexing import build

    build(tmp_path / "index", [write_corpus(tmp_path / "corpus", files)], workers=1)
    assert search(open_engine(tmp_path / "index"), "zitadel evalaution").corrected == "zitadel evaluation"


def test_a_query_of_only_not_lists_sections_not_the_file_records(engine):
    without = search(engine, "NOT ceph", limit=100)
    assert without.total == engine.count("section") - search(engine, "ceph").total
    assert all(h.path.endswith(".md") and h.line >= 1 for h in without.hits)


def test_a_timeline_of_a_mistyped_topic_follows_the_respelling(engine):
    line = timeline(engine, "cehp")
    assert line.corrected == "ceph" and [e.path for e in line.events] == [e.path for e in timeline(engine, "ceph").events]
    assert line.to_json()["corrected"] == "ceph" and line.to_json()["topic"] == "cehp"
    assert timeline(engine, "cehp", as_typed=True).total == 0


def test_a_field_in_a_plain_query_is_a_condition_every_hit_meets(engine):
    assert search(engine, "ceph").total >= 1 and search(engine, "series:board ceph").total == 0
    narrowed = search(engine, "series:INFRA lab")
    assert narrowed.total == search(engine, "lab", filters=Filters(fields={"series": ["infra"]})).total >= 1
    assert set(narrowed.facets["series"]) == {"infra"}


def test_a_query_of_only_conditions_lists_the_newest_first(engine):
    dates = [h.date for h in search(engine, "series:infra").hits]
    assert len(dates) >= 2 and dates == sorted(dates, reverse=True)


def test_newest_first_puts_undated_sections_last_and_keeps_relevance_scores(tmp_path):
    from tests.conftest import write_corpus
    from indexer.indexing import build

    files = {"ops/20240101.md": "# 2024-01-01\n\n## Zuul\n\nzuul restarted\n",
             "ops/20240301.md": "# 2024-03-01\n\n## Zuul\n\nzuul zuul upgraded\n",
             "ops/notes.md": "# Notes\n\n## Zuul\n\nzuul notes without a date\n"}
    build(tmp_path / "index", [write_corpus(tmp_path / "corpus", files)], workers=1)
    engine = open_engine(tmp_path / "index")
    for sort, dates in (("date", ["2024-03-01", "2024-01-01", None]), ("date-asc", ["2024-01-01", "2024-03-01", None])):
        hits = search(engine, "zuul", sort=sort).hits
        assert [h.date for h in hits] == dates
        assert all(0 < h.score < 100 for h in hits)  # relevance, not Whoosh's sort key
    assert [h.date for h in search(engine, "zuul", sort="date", offset=2).hits] == [None]


# -- the decision log: owners in any form, topic on the item, open items first -------------
def test_same_person_accepts_any_form_of_a_name():
    from indexer.query import same_person
    assert same_person("Kurt Garloff", "garloff") and same_person("@garloff", "garloff")
    assert same_person("Kurt", "Kurt Garloff") and same_person("Michael Dawson", "mhdawson")
    assert not same_person("fkr", "garloff") and not same_person("Anna", "Annabel Smith")


def test_topic_words_leave_fields_and_operators_out():
    from indexer.query import topic_words
    assert topic_words("series:iaas OVN upgrade -rc NOT") == ["ovn", "upgrade"]


def test_open_actions_come_first_within_an_owner():
    from indexer.model import LoggedItem
    from indexer.query import owners_of
    def item(line, status):
        return LoggedItem("action", f"t{line}", "2031-01-01", "a.md", "s", "h", line, ["jo"], 0.9, status)
    groups = owners_of([item(1, "done"), item(2, ""), item(3, "open")])
    assert [i.line for i in groups["jo"]] == [2, 3, 1]


def _built(tmp_path: Path, files: dict[str, str], overrides: str = ""):
    from indexer.indexing import build
    from tests.conftest import write_corpus

    corpus = write_corpus(tmp_path / "corpus", files)
    if overrides:
        (corpus / ".minutes-aliases.tsv").write_text(overrides, encoding="utf-8")
    build(tmp_path / "index", [corpus], workers=1)
    return open_engine(tmp_path / "index")


def test_a_timeline_of_an_acronym_finds_the_meetings_that_wrote_it_in_full(tmp_path):
    files = {f"lang/2024010{n}.md": f"# Meeting\n\n## Topic\n\nThe Quantum Widget Service (QWS) is late, item {n}\n"
             for n in range(1, 4)}
    files["lang/20240201.md"] = "# Meeting\n\n## Topic\n\nquantum widget service rollout planned\n"
    files["lang/20240202.md"] = "# Meeting\n\n## Topic\n\nQWS numbers look fine\n"
    engine = _built(tmp_path, files)
    assert {e.path for e in timeline(engine, "QWS").events} == set(files)
    assert {e.path for e in timeline(engine, "quantum widget service").events} == set(files)


def test_a_timeline_of_a_phrase_leaves_out_sections_with_its_words_apart(tmp_path):
    files = {
        "tac/20240101.md": "# Meeting\n\n## WGs\n\nThe end user working group met.\n",
        "tac/20240102.md": "# Meeting\n\n## WGs\n\nEnd User Working Group update\n",
        "tac/20240103.md": "# Meeting\n\n## Misc\n\nIn the end, the user asked the working group for help.\n",
    }
    engine = _built(tmp_path, files)
    assert [e.path for e in timeline(engine, "end user working group").events] == [
        "tac/20240101.md", "tac/20240102.md"]


def test_the_override_file_adds_aliases_a_timeline_follows(tmp_path):
    files = {"gov/20240101.md": "# Meeting\n\n## CoC\n\nCoC report\n",
             "gov/20240102.md": "# Meeting\n\n## Conduct\n\ncode of conduct team report\n"}
    engine = _built(tmp_path, files, overrides="code of conduct\tCoC\n")
    assert {e.path for e in timeline(engine, "code of conduct").events} == set(files)
    from indexer.status import index_status, status_lines

    assert "  code of conduct = CoC  [override]" in status_lines(index_status(tmp_path / "index"))


def test_a_timeline_follows_an_acronym_to_its_long_form_as_written_not_to_stem_cousins(tmp_path):
    files = {
        "cpc/20240101.md": "# Meeting\n\n## Outreach\n\nDEI survey results\n",
        "cpc/20240102.md": "# Meeting\n\n## Outreach\n\nA plan for diversity and inclusion in mentoring\n",
        "cpc/20240103.md": "# Meeting\n\n## Outreach\n\nNew diversity & inclusions budget\n",
        "cpc/20240104.md": "# Meeting\n\n## Events\n\nA talk on diversity and inclusivity of languages\n",
        "cpc/20240105.md": "# Meeting\n\n## Events\n\n[Scholarships](https://example.org/diversity-inclusivity/)\n",
    }
    engine = _built(tmp_path, files)
    assert {e.path for e in timeline(engine, "DEI").events} == {
        "cpc/20240101.md", "cpc/20240102.md", "cpc/20240103.md"}


def test_a_clipped_topic_word_stands_for_every_word_it_begins(tmp_path):
    files = {f"cpc/2024010{n}.md": f"# Meeting\n\n## Summit\n\nThe {form} summit in May, item {n}\n"
             for n, form in enumerate(["collaborator", "collaborators", "collaboration", "collaborator"], 1)}
    engine = _built(tmp_path, files)
    assert {e.path for e in timeline(engine, "collab summit").events} == set(files)
