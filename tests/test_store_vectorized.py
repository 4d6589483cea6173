"""The array evaluator must give exactly Whoosh's matches and scores, only faster."""
from __future__ import annotations

from datetime import datetime

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import collectors
from whoosh.fields import DATETIME, ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.qparser import MultifieldParser, OrGroup
from whoosh.query import AndMaybe, DateRange, Term

from indexer.store.vectorized import Evaluator, FacetArrays, top

WORDS = ["ovn", "upgrade", "zuul", "ceph", "quincy", "release", "security", "group", "default", "cloud", "stack"]
DOCS = [
    ("ovn upgrade", "we discussed the ovn upgrade and the ovn release", "iaas", 2023),
    ("zuul", "zuul was down; the zookeeper outage broke zuul", "ops", 2024),
    ("ceph", "ceph quincy upgrade planned for the next release", "iaas", 2023),
    ("default security group", "the default security group stays closed by default", "iam", 2024),
    ("sovereign cloud stack", "the sovereign cloud stack release notes", "board", 2025),
    ("misc", "group photo; cloud costs; security review of ovn", "board", 2024),
    ("stack", "stack overflow in the cloud stack security group code", "iaas", 2025),
]


def make_index(deleted: bool = True):
    """Three segments, one deletion: the cases where per-segment bookkeeping goes wrong."""
    schema = Schema(heading=TEXT(field_boost=2.5), body=TEXT(stored=True),
                    series=ID(stored=True), date=DATETIME(sortable=True), key=ID(unique=True, stored=True))
    ix = RamStorage().create_index(schema)
    for chunk in (DOCS[:3], DOCS[3:5], DOCS[5:]):
        with ix.writer() as w:
            w.mergetype = __import__("whoosh.writing", fromlist=["NO_MERGE"]).NO_MERGE
            for heading, body, series, year in chunk:
                w.add_document(heading=heading, body=body, series=series, date=datetime(year, 6, 1), key=heading)
    if deleted:
        with ix.writer() as w:
            w.mergetype = __import__("whoosh.writing", fromlist=["NO_MERGE"]).NO_MERGE
            w.delete_by_term("key", "misc")
    return ix


@pytest.fixture(scope="module")
def searcher():
    ix = make_index()
    with ix.searcher() as s:
        assert len(s.leaf_searchers()) > 1
        yield s


def parse(text: str, conjunctive: bool = False):
    from whoosh.qparser import AndGroup

    group = AndGroup if conjunctive else OrGroup.factory(0.9)
    return MultifieldParser(["heading", "body"], make_index().schema, group=group).parse(text)


def whoosh_scores(searcher, query) -> dict[int, float]:
    """Whoosh's own answer, without pruning matchers mid-search.

    Pruning rebuilds the coordination matcher with fewer terms, which can zero
    the score of a late document; the arrays keep the whole query's term count.
    """
    collector = collectors.UnlimitedCollector()
    collector.replace = 0
    searcher.search_with_collector(query, collector)
    return {docnum: score for score, docnum in collector.results().top_n}


def assert_same(searcher, query):
    expected = whoosh_scores(searcher, query)
    scored = Evaluator(searcher).run(query)
    got = {int(n): float(scored.score[n]) for n in np.flatnonzero(scored.mask)}
    assert set(got) == set(expected), str(query)
    for docnum, score in expected.items():
        assert got[docnum] == pytest.approx(score, rel=1e-9, abs=1e-9), str(query)


@pytest.mark.parametrize("text", [
    "ovn", "ovn upgrade", "zuul OR ceph", "ovn AND upgrade", "ovn NOT release", "NOT zuul",
    '"security group"', '"cloud stack" release', '"stack security"~2', "up*", "heading:ceph body:quincy",
    "(ovn OR ceph) AND upgrade", "photo",
])
def test_scores_and_matches_equal_whoosh(searcher, text):
    assert_same(searcher, parse(text))


def test_coordination_and_date_ranges_equal_whoosh(searcher):
    loose, every = parse("ovn upgrade release"), parse("ovn upgrade release", conjunctive=True)
    assert_same(searcher, AndMaybe(loose, every.with_boost(1.0)))
    assert_same(searcher, parse("security") & DateRange("date", datetime(2024, 1, 1), None))
    assert_same(searcher, Term("series", "iaas") & parse("cloud"))


def test_deleted_documents_never_match(searcher):
    scored = Evaluator(searcher).run(parse("photo"))
    assert not scored.mask.any()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4), st.booleans())
def test_any_word_query_equals_whoosh(words, conjunctive):
    ix = make_index()
    with ix.searcher() as s:
        assert_same(s, parse(" ".join(words), conjunctive))


def test_top_orders_by_score_then_document_number():
    from indexer.store.vectorized import Scored

    scored = Scored(np.array([True, True, False, True]), np.array([1.0, 2.0, 9.0, 2.0]))
    assert top(scored, 2) == [(2.0, 1), (2.0, 3)]
    assert top(scored, 10) == [(2.0, 1), (2.0, 3), (1.0, 0)]


def test_facet_counts_cover_only_matching_documents():
    table = [{"series": "iaas", "project": ["OVN", "OVS"]}, {"series": "ops", "project": ["OVN"]}, None]
    facets = FacetArrays.from_table(table, ("series",), ("project",))
    counts = facets.counts(np.array([True, True, False]))
    assert counts["series"] == {"iaas": 1, "ops": 1}
    assert counts["project"] == {"OVN": 2, "OVS": 1}
    assert facets.counts(np.array([False, True, False]))["project"] == {"OVN": 1}


def test_facets_are_read_only_for_documents_that_matched():
    read = []
    table = [{"series": f"s{n}", "project": [f"p{n}"]} for n in range(5)]
    facets = FacetArrays(5, lambda n: read.append(n) or table[n], ("series",), ("project",))
    assert facets.counts(np.array([False, True, False, True, False]))["series"] == {"s1": 1, "s3": 1}
    assert facets.counts(np.array([True, True, False, False, False]))["project"] == {"p0": 1, "p1": 1}
    assert read == [1, 3, 0]


def test_one_evaluator_answers_query_after_query_as_whoosh_does(searcher):
    """Term scores are shared within one query (its all-words part repeats the words), never across queries."""
    evaluator = Evaluator(searcher)
    for text in ["ovn upgrade", "ovn", "ovn^2 upgrade", "NOT ovn", "ovn upgrade"]:
        query = parse(text)
        scored = evaluator.run(query)
        expected = whoosh_scores(searcher, query)
        assert {int(n) for n in np.flatnonzero(scored.mask)} == set(expected), text
        assert all(scored.score[n] == pytest.approx(s, rel=1e-9) for n, s in expected.items()), text
