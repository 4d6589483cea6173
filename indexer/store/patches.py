"""Small fixes to Whoosh-Reloaded 2.7.5, applied once when `indexer.store` is imported.

Whoosh's segment reader caches the column reader of each field's lengths, but not
the answer "this field has no lengths column" (ID fields): every posting of such a
field then asks the file system again. On the SCS corpus that was a quarter of a
million `stat` calls per build. Caching the miss as well changes no result.

When a segment is flushed, every posting asks for its document's field length,
which Whoosh reads back from the lengths column: half a million reads for the SCS
corpus, about 60,000 of them distinct. Remembering each answer changes no result.

The stemmer's cache is Whoosh's own least-frequently-used cache, a Python function that
counts every use: for the 400,000 words of the SCS corpus it cost more than the stemming
it spares. The standard library's LRU cache (in C) remembers the same pure function.
"""
from __future__ import annotations

import functools
from contextlib import contextmanager
from typing import Iterator

from whoosh.analysis import morph
from whoosh.codec import base, whoosh3
from whoosh.query import Or

_MISSING = object()


def _cached_reader(self, fieldname, column):
    reader = self._readers.get(fieldname, _MISSING)
    if reader is _MISSING:
        reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        self._readers[fieldname] = reader
    return reader


class _RememberedLengths:
    """Field lengths for add_postings, read once per (document, field) instead of once per posting."""

    def __init__(self, inner):
        self._inner = inner
        self._seen: dict = {}

    def doc_field_length(self, docnum, fieldname, default=0):
        key = (docnum, fieldname)
        value = self._seen.get(key)
        if value is None:
            value = self._seen[key] = self._inner.doc_field_length(docnum, fieldname, default)
        return value


_original_add_postings = base.FieldWriter.add_postings


def _add_postings(self, schema, lengths, items):
    return _original_add_postings(self, schema, _RememberedLengths(lengths) if lengths else lengths, items)


_original_stem_clear = morph.StemFilter.clear


def _stem_clear(self) -> None:
    """StemFilter.clear, then the same stemming function behind the standard library's cache."""
    _original_stem_clear(self)
    if isinstance(self.cachesize, int) and self.cachesize > 1:
        self._stem = functools.lru_cache(maxsize=self.cachesize)(self._stem.__wrapped__)


#: The Whoosh internals replaced, as Whoosh defines them (a test compares both).
ORIGINALS = {
    "cached_reader": whoosh3.W3PerDocReader._cached_reader,
    "or_matcher_type": Or.matcher_type,
    "add_postings": _original_add_postings,
    "stem_clear": _original_stem_clear,
}


def apply() -> None:
    whoosh3.W3PerDocReader._cached_reader = _cached_reader
    # Or-queries on segments under 5,000 documents default to pre-loading every posting
    # of every clause into arrays; with a few common words that is slower than walking
    # the postings (SCS dev queries: median 53 -> 33 ms). Same matches, same scores.
    Or.matcher_type = Or.DEFAULT_MATCHER
    base.FieldWriter.add_postings = _add_postings
    morph.StemFilter.clear = _stem_clear


def restore() -> None:
    """Whoosh as released (to check that the fixes change no result)."""
    whoosh3.W3PerDocReader._cached_reader = ORIGINALS["cached_reader"]
    Or.matcher_type = ORIGINALS["or_matcher_type"]
    base.FieldWriter.add_postings = ORIGINALS["add_postings"]
    morph.StemFilter.clear = ORIGINALS["stem_clear"]


@contextmanager
def unpatched() -> Iterator[None]:
    """Run a block with Whoosh as released, then apply the fixes again."""
    restore()
    try:
        yield
    finally:
        apply()
