"""store/patches.py: the Whoosh internals it replaces still exist, and the fixes change no result."""
from __future__ import annotations

from whoosh import fields
from whoosh.codec import base, whoosh3
from whoosh.filedb.filestore import RamStorage
from whoosh.qparser import OrGroup, QueryParser
from whoosh.query import Or

import indexer.store  # noqa: F401  (applies the patches)
from indexer.store import patches

NOTES = [
    ("iaas", "OVN upgrade planned", "The OVN upgrade to 24.03 is planned for March; Ana tests it in the lab."),
    ("iaas", "Zuul outage", "Zuul was down for two hours; the upgrade of the scheduler caused it."),
    ("container", "Cluster API", "Cluster API provider release; the upgrade path is documented."),
    ("container", "Status page", "The status page shows the outage; ovn metrics are missing."),
    ("docs", "Release notes", "Release notes for 24.03 list the OVN upgrade and the Zuul fix."),
] * 3
QUERIES = ["upgrade", "ovn upgrade", "zuul outage release", "status OR page", "upgrade AND NOT zuul", "release notes ovn"]


def schema() -> fields.Schema:
    return fields.Schema(series=fields.ID(stored=True), heading=fields.TEXT(stored=True, field_boost=2.5),
                         body=fields.TEXT(stored=True))


def build() -> object:
    ix = RamStorage().create_index(schema())
    writer = ix.writer()
    for series, heading, body in NOTES:
        writer.add_document(series=series, heading=heading, body=body)
    writer.commit()
    return ix


def results(ix) -> list[list[tuple[int, float]]]:
    parser = QueryParser("body", ix.schema, group=OrGroup.factory(0.9))
    with ix.searcher() as searcher:
        return [[(hit.docnum, round(hit.score, 9)) for hit in searcher.search(parser.parse(q), limit=None)]
                for q in QUERIES]


def lengths(ix) -> list[int]:
    with ix.searcher() as searcher:
        return [searcher.doc_field_length(n, "body") for n in range(searcher.doc_count_all())]


def test_the_replaced_whoosh_internals_still_exist_as_released():
    assert callable(patches.ORIGINALS["cached_reader"]) and callable(patches.ORIGINALS["add_postings"])
    assert patches.ORIGINALS["or_matcher_type"] == Or.AUTO_MATCHER
    assert hasattr(Or, "DEFAULT_MATCHER")


def test_importing_the_store_applies_the_fixes():
    assert whoosh3.W3PerDocReader._cached_reader is patches._cached_reader
    assert Or.matcher_type == Or.DEFAULT_MATCHER
    assert base.FieldWriter.add_postings is patches._add_postings


def test_an_index_written_and_searched_with_the_fixes_equals_unpatched_whoosh():
    patched_ix = build()
    patched = results(patched_ix), lengths(patched_ix)
    with patches.unpatched():
        assert base.FieldWriter.add_postings is patches.ORIGINALS["add_postings"]
        plain_ix = build()
        plain = results(plain_ix), lengths(plain_ix)
        crossed = results(patched_ix)
    assert patched == plain
    assert crossed == plain[0]
    assert any(patched[0]) and base.FieldWriter.add_postings is patches._add_postings


def test_the_stemmer_behind_the_standard_cache_gives_the_same_terms():
    from whoosh.analysis import morph

    from indexer.store.analysis import text_analyzer

    text = " ".join(body for _, _, body in NOTES) + " upgrading upgraded upgrades meetings planned planning"
    patched = [(t.text, t.pos) for t in text_analyzer()(text, mode="index", positions=True)]
    assert morph.StemFilter.clear is patches._stem_clear
    with patches.unpatched():
        plain = [(t.text, t.pos) for t in text_analyzer()(text, mode="index", positions=True)]
    assert patched == plain and "upgrad" in {w for w, _ in patched}
