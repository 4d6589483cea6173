"""Everything that touches Whoosh lives in this package, so the engine can be swapped.

- `schema`: the fields of a section document (one place).
- `analysis`: how text and entity values become terms.
- `files`: the index folder, its generations, the atomic swap and the writers' lock.
- `writer`: Minutes in, documents out; the registry of indexed files.
- `interface`: the seam: the query tree the query side builds, and the rows it gets back.
- `translate`: the query tree in Whoosh's terms.
- `search`: the engine: run a query tree, count facets, make snippets, the vocabulary.
"""
from . import patches

patches.apply()

from .files import IndexBusy, IndexDir, IndexMissing, NotAnIndex, read_meta, write_meta
from .interface import Row
from .search import MARK_END, MARK_START, Engine, QuerySyntaxError, strip_marks
from .writer import FileRecord, IndexWriter, ShardWriter, commit_shards, create, indexed_files, open_index, section_keys

__all__ = [
    "Engine", "FileRecord", "ShardWriter", "commit_shards", "IndexBusy", "IndexDir", "IndexMissing", "IndexWriter", "MARK_END", "MARK_START",
    "NotAnIndex", "QuerySyntaxError", "Row", "create", "indexed_files", "open_index", "read_meta",
    "section_keys", "strip_marks", "write_meta",
]
