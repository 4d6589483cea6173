"""Attendance tables, Markdown or HTML: which column names people, which gives handles or
abbreviations, and which marks presence.

In a table with a presence column (a blank or "Present" header) only the rows marked
(`x`, `✓`, `yes` ...) are people present; a table without one (`Name | Abbreviation |
Organization`) lists everyone present.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from .people import Person, read_person

_NAME_HEADER = re.compile(r"\b(?:names?|attendees?|persons?|people|participants?|members?|who)\b", re.I)
_HANDLE_HEADER = re.compile(r"\b(?:gh|github|handle|user\s*name|login|gh\s*id|id)\b", re.I)
_ABBREVIATION_HEADER = re.compile(r"\b(?:abbr\w*|initials|short)\b", re.I)
_PRESENCE_HEADER = re.compile(r"^(?:|present|attended|attending|here|x|✓|✔|in\s+attendance|attendance)$", re.I)
_MARK = re.compile(r"^(?:x|✓|✔|☑|✅|yes|y|\[x\]|present|p|1)$", re.I)
_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")


@dataclass
class Table:
    """A table as rows of cell texts; the first row is the header."""

    header: list[str]
    rows: list[list[str]]

    def people(self) -> list[Person]:
        """The people present according to this table ([] when it is not about people)."""
        columns = _columns(self.header)
        if columns is None:
            return []
        name_col, handle_col, abbr_col, mark_col = columns
        people: list[Person] = []
        for row in self.rows:
            cell = lambda i: row[i].strip() if i is not None and i < len(row) else ""  # noqa: E731
            if mark_col is not None and not _MARK.match(cell(mark_col)):
                continue
            handle = cell(handle_col).lstrip("@")
            handle = handle if re.fullmatch(r"[A-Za-z0-9][\w.-]*", handle or "-") else None
            person = read_person(cell(name_col), cell(abbr_col) or None, handle) if cell(name_col) or handle else None
            if person:
                people.append(person)
        return people


def _columns(header: list[str]) -> tuple[int, int | None, int | None, int | None] | None:
    """(name, handle, abbreviation, presence) column indexes, or None when no column names people."""
    plain = [re.sub(r"[*_`?:]", "", h).strip() for h in header]
    name = next((i for i, h in enumerate(plain) if _NAME_HEADER.search(h)), None)
    handle = next((i for i, h in enumerate(plain) if i != name and _HANDLE_HEADER.search(h)), None)
    abbr = next((i for i, h in enumerate(plain) if i not in (name, handle) and _ABBREVIATION_HEADER.search(h)), None)
    mark = next((i for i, h in enumerate(plain) if i not in (name, handle, abbr) and _PRESENCE_HEADER.match(h)), None)
    if name is None:
        return None
    return name, handle, abbr, mark


def split_row(line: str) -> list[str]:
    """Cells of a Markdown table row (escaped pipes kept inside their cell)."""
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    return [c.replace("\\|", "|").strip() for c in re.split(r"(?<!\\)\|", body)]


def markdown_table(lines: list[str]) -> Table | None:
    """A Markdown table from its lines (header, separator, rows), or None."""
    if len(lines) < 2 or not _SEPARATOR.match(lines[1]):
        return None
    return Table(split_row(lines[0]), [split_row(line) for line in lines[2:] if not _SEPARATOR.match(line)])


class _TableParser(HTMLParser):
    """Collects the rows of every <table> (nested tables read as their own)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self._stack: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "table":
            self._stack.append([])
        elif tag == "tr" and self._stack:
            self._stack[-1].append([])
        elif tag in ("td", "th") and self._stack and self._stack[-1]:
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._stack and self._stack[-1]:
            self._stack[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table" and self._stack:
            self.tables.append(self._stack.pop())

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def html_tables(html: str) -> list[Table]:
    """Every table of an HTML fragment, first row as header."""
    parser = _TableParser()
    parser.feed(html)
    parser.close()
    while parser._stack:
        parser.tables.append(parser._stack.pop())
    return [Table(rows[0], rows[1:]) for rows in parser.tables if len(rows) > 1]
