"""Everything that touches Whoosh lives in this package, so the engine can be swapped.

- `schema`: the fields of a section document (one place).
- `analysis`: how text and entity values become terms.
- `files`: the index folder, its generations, the atomic swap and the writers' lock.
- `writer`: Minutes in, documents out; the registry of indexed files.
- `search`: run a query plan, count facets, make snippets.
"""
from . import patches

patches.apply()

from .files import IndexBusy, IndexDir, IndexMissing, NotAnIndex, read_meta, write_meta
from .search import MARK_END, MARK_START, Engine, Plan, QuerySyntaxError, Row, strip_marks
from .writer import FileRecord, IndexWriter, ShardWriter, commit_shards, create, indexed_files, open_index, section_keys

__all__ = [
    "Engine", "FileRecord", "ShardWriter", "commit_shards", "IndexBusy", "IndexDir", "IndexMissing", "IndexWriter", "MARK_END", "MARK_START",
    "NotAnIndex", "Plan", "QuerySyntaxError", "Row", "create", "indexed_files", "open_index", "read_meta",
    "section_keys", "strip_marks", "write_meta",
]
