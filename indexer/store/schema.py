"""The index schema: the one place that says which fields a section document has.

One Whoosh document per section, plus one small `kind=file` document per minutes
file that records its content hash (so `update` knows what changed, and `check`
knows what should be there) and one per skipped file with the reason.
"""
from __future__ import annotations

from whoosh import columns
from whoosh.fields import BOOLEAN, COLUMN, DATETIME, ID, NUMERIC, STORED, TEXT, Schema

from ..model import ENTITY_TYPES
from .analysis import entity_analyzer, entity_value_analyzer, text_analyzer

#: Heading matches count more than body matches (BM25F field boost).
HEADING_BOOST = 2.5
#: Entity values and their aliases: a query for "open vswitch" finds sections tagged OVS.
ENTITY_BOOST = 1.5


def make_schema() -> Schema:
    fields = dict(
        kind=ID(stored=True),  # "section", "file" or "skipped"
        doc_id=ID(unique=True, stored=True),  # root::path#line
        file_id=ID(stored=True),  # root::path, to replace or delete a file's documents at once
        root=STORED(),
        path=ID(stored=True),
        digest=STORED(),
        size=STORED(),
        mtime=STORED(),
        reason=STORED(),
        sections=STORED(),  # of a file record: how many sections the file has
        series=ID(stored=True),
        year=ID(stored=True),
        date=DATETIME(sortable=True),
        iso_date=STORED(),
        title=STORED(),
        heading=TEXT(analyzer=text_analyzer(), field_boost=HEADING_BOOST, stored=True, phrase=False),
        line=NUMERIC(stored=True, sortable=True),
        body=TEXT(analyzer=text_analyzer(), stored=True),
        entity_text=TEXT(analyzer=entity_analyzer(), field_boost=ENTITY_BOOST, phrase=False),
        has_decision=BOOLEAN(stored=True),
        has_action=BOOLEAN(stored=True),
        items=STORED(),  # [(kind, text, line, owners, confidence, status), ...]
        # {series, year, person: [...], ..., path, iso_date, has_decision}: facet counts and re-ranking
        # read this small column instead of the stored fields, whose whole text is compressed together
        summary=COLUMN(columns.PickleColumn(columns.VarBytesColumn())),
    )
    for entity_type in ENTITY_TYPES:
        fields[entity_type] = TEXT(analyzer=entity_value_analyzer(entity_type), phrase=False, stored=True)
    return Schema(**fields)
