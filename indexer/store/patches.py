"""Small fixes to Whoosh-Reloaded 2.7.5, applied once when `indexer.store` is imported.

Whoosh's segment reader caches the column reader of each field's lengths, but not
the answer "this field has no lengths column" (ID fields): every posting of such a
field then asks the file system again. On the SCS corpus that was a quarter of a
million `stat` calls per build. Caching the miss as well changes no result.
"""
from __future__ import annotations

from whoosh.codec import whoosh3

_MISSING = object()


def _cached_reader(self, fieldname, column):
    reader = self._readers.get(fieldname, _MISSING)
    if reader is _MISSING:
        reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        self._readers[fieldname] = reader
    return reader


def apply() -> None:
    whoosh3.W3PerDocReader._cached_reader = _cached_reader
