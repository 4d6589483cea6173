"""Writing Minutes into the Whoosh index: one document per section, one per file.

Nothing outside `indexer.store` talks to Whoosh; this module turns the plain
dataclasses into documents and back into a registry of what is indexed.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from whoosh import index as whoosh_index

from ..model import ENTITY_TYPES, Minutes, Section
from .schema import make_schema


@dataclass(frozen=True)
class FileRecord:
    """What the index knows of one source file."""

    root: str
    path: str
    digest: str
    size: int
    mtime: int
    skipped: bool
    reason: str  # why it was skipped, or what was repaired ("" when nothing)
    sections: int = 0


def file_id(root: str, path: str) -> str:
    return f"{root}::{path}"


def create(gen: Path):
    return whoosh_index.create_in(str(gen), make_schema())


def open_index(gen: Path):
    return whoosh_index.open_dir(str(gen))


class IndexWriter:
    """Adds and removes whole files; every change lands at once on commit()."""

    def __init__(self, ix, fresh: bool, writer=None):
        # compound=False: keep the segment's files apart instead of copying them into one at the end.
        self._writer = writer if writer is not None else ix.writer(limitmb=256, compound=False)
        self._fresh = fresh
        self.sections = 0
        self.entities = 0
        self.touched = 0

    def add_minutes(self, minutes: Minutes, size: int, mtime: int) -> None:
        fid = file_id(minutes.root, minutes.path)
        if not self._fresh:
            self._writer.delete_by_term("file_id", fid)
        add = self._writer.add_document
        for section in minutes.sections:
            add(**section_document(minutes, section, fid))
            self.sections += 1
            self.entities += len(section.entities)
        add(
            kind="file", doc_id=fid, file_id=fid, root=minutes.root, path=minutes.path,
            digest=minutes.digest, size=size, mtime=mtime, reason="; ".join(minutes.warnings),
            series=minutes.series, iso_date=minutes.iso_date, sections=len(minutes.sections),
        )

    def add_skipped(self, root: str, path: str, reason: str, digest: str, size: int, mtime: int) -> None:
        fid = file_id(root, path)
        if not self._fresh:
            self._writer.delete_by_term("file_id", fid)
        self._writer.add_document(
            kind="skipped", doc_id=fid, file_id=fid, root=root, path=path,
            digest=digest, size=size, mtime=mtime, reason=reason,
        )

    def touch(self, record: FileRecord, size: int, mtime: int) -> None:
        """Remember a new size and time for a file whose content did not change."""
        self._writer.delete_by_term("doc_id", file_id(record.root, record.path))
        self._writer.add_document(
            kind="file", doc_id=file_id(record.root, record.path), file_id=file_id(record.root, record.path),
            root=record.root, path=record.path, digest=record.digest, size=size, mtime=mtime,
            reason=record.reason, sections=record.sections,
        )
        self.touched += 1

    def remove(self, root: str, path: str) -> None:
        self._writer.delete_by_term("file_id", file_id(root, path))

    def commit(self) -> None:
        self._writer.commit()

    def cancel(self) -> None:
        self._writer.cancel()


class ShardWriter(IndexWriter):
    """Writes one segment of a new generation, in a worker process, beside other shards.

    The parent created the empty index; each worker adds its own segment without
    taking Whoosh's lock, and the parent lists all segments in one table of contents
    (`commit_shards`), so nothing is visible until every shard is complete.
    """

    def __init__(self, gen: Path, limitmb: int = 256):
        from whoosh.writing import SegmentWriter

        ix = open_index(gen)
        super().__init__(ix, fresh=True, writer=SegmentWriter(ix, _lk=False, limitmb=limitmb, compound=False))

    def finish(self):
        """Close the segment and hand back its description (picklable) for commit_shards."""
        return self._writer._finalize_segment()


def commit_shards(gen: Path, segments: list) -> None:
    """Make the shards' segments the index, in one atomic write of the table of contents."""
    ix = open_index(gen)
    writer = ix.writer()
    writer._close_segment()  # the parent's own (empty) segment is dropped
    writer._commit_toc(list(segments))
    writer._finish()


def section_document(minutes: Minutes, section: Section, fid: str) -> dict:
    values = {t: section.values(t) for t in ENTITY_TYPES}
    # the ranking's decision lift wants items the log shows by default; the log's own filter wants any
    has_decision = any(i.kind == "decision" and i.confident for i in section.items)
    iso_date = minutes.date_of(section)  # the section's own meeting's date (a year file holds many)
    day = _day_of(iso_date)
    summary = {"series": minutes.series, "year": str(day.year) if day else None, **values,
               "path": minutes.path, "iso_date": iso_date, "has_decision": has_decision}
    doc = dict(
        kind="section",
        doc_id=f"{fid}#{section.line}",
        file_id=fid,
        root=minutes.root,
        path=minutes.path,
        series=minutes.series,
        iso_date=iso_date,
        title=minutes.title,
        heading=section.heading,
        line=section.line,
        body=section.body,
        entity_text=entity_text(section),
        has_decision=any(i.kind == "decision" for i in section.items),
        has_action=any(i.kind == "action" for i in section.items),
        items=[(i.kind, i.text, i.line, list(i.owners), i.confidence, i.status) for i in section.items],
        summary=summary,
    )
    if day:
        doc["date"] = day
        doc["year"] = str(day.year)
    for entity_type, vals in values.items():
        if vals:
            doc[entity_type] = ",".join(v.replace(",", " ") for v in vals)
    return doc


def _day_of(iso_date: str | None) -> datetime | None:
    """The day to sort and filter by: a month's summary (YYYY-MM) counts as the month's first day."""
    if not iso_date:
        return None
    try:
        return datetime.strptime(iso_date[:10] if len(iso_date) >= 10 else iso_date + "-01", "%Y-%m-%d")
    except ValueError:
        return None


def entity_text(section: Section) -> str:
    """Entity values with their aliases, so that any spelling of a project finds it."""
    from ..gazetteer import project_aliases

    words: list[str] = []
    for value in section.values("project"):
        words.append(value)
        words.extend(project_aliases(value))
    for entity_type in ("person", "version", "issue"):
        words.extend(section.values(entity_type))
    return " \n".join(dict.fromkeys(words))


def indexed_files(ix) -> dict[tuple[str, str], FileRecord]:
    """Every file the index holds, indexed or skipped: what `update` compares against."""
    records: dict[tuple[str, str], FileRecord] = {}
    with ix.searcher() as searcher:
        for kind in ("file", "skipped"):
            for docnum in searcher.document_numbers(kind=kind):
                f = searcher.stored_fields(docnum)
                records[(f["root"], f["path"])] = FileRecord(
                    root=f["root"], path=f["path"], digest=f.get("digest", ""), size=f.get("size", -1),
                    mtime=f.get("mtime", -1), skipped=kind == "skipped", reason=f.get("reason", ""),
                    sections=f.get("sections", 0) if kind == "file" else 0,
                )
    return records


def section_keys(ix) -> dict[tuple[str, str, int], int]:
    """(root, path, line) of every section document, with the length of the text it holds
    (heading and body): for the nothing-lost check."""
    keys: dict[tuple[str, str, int], int] = {}
    with ix.searcher() as searcher:
        for docnum in searcher.document_numbers(kind="section"):
            f = searcher.stored_fields(docnum)
            keys[(f["root"], f["path"], f["line"])] = len(f.get("heading") or "") + len(f.get("body") or "")
    return keys


__all__ = ["FileRecord", "IndexWriter", "ShardWriter", "commit_shards", "create", "open_index", "indexed_files", "section_keys"]
