"""CSV downloads of hits and logged items: cells a spreadsheet cannot run as formulas. Pure."""
from __future__ import annotations

import csv
import io
from typing import Any, Iterable, Mapping, Sequence

from indexer.model import ENTITY_TYPES
from ui.links import SourceLinks, web_source_url
from ui.render import strip_control

HIT_COLUMNS = ("date", "series", "path", "line", "heading", "snippet", "score") + ENTITY_TYPES + ("source",)
ITEM_COLUMNS = ("kind", "date", "series", "path", "line", "heading", "text", "owners", "source")
EVENT_COLUMNS = ("date", "series", "path", "line", "heading", "snippet")


def csv_cell(value: Any) -> str:
    """A cell value; text that a spreadsheet would run as a formula is quoted with a leading '."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    text = strip_control(str(value))
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        text = "'" + text
    return text


def to_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(row.get(c)) for c in columns])
    return out.getvalue()


def _web(links: SourceLinks | None, path: str, line: int, series: str) -> str:
    return (links.template and web_source_url(links.template, path, line, series) or "") if links else ""


def hit_rows(hits: Iterable[Any], links: SourceLinks | None = None) -> list[dict[str, Any]]:
    rows = []
    for hit in hits:
        row = {"date": hit.date, "series": hit.series, "path": hit.path, "line": hit.line, "heading": hit.heading,
               "snippet": strip_control(hit.snippet), "score": hit.score,
               "source": _web(links, hit.path, hit.line, hit.series)}
        row.update({t: hit.entities.get(t, []) for t in ENTITY_TYPES})
        rows.append(row)
    return rows


def item_rows(items: Iterable[Any], links: SourceLinks | None = None) -> list[dict[str, Any]]:
    return [{"kind": i.kind, "date": i.date, "series": i.series, "path": i.path, "line": i.line,
             "heading": i.heading, "text": i.text, "owners": i.owners, "source": _web(links, i.path, i.line, i.series)}
            for i in items]


def event_rows(events: Iterable[Any]) -> list[dict[str, Any]]:
    return [{c: getattr(e, c) for c in EVENT_COLUMNS} for e in events]
