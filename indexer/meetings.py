"""Split a minutes file into its meetings and date each one.

Most files hold one meeting. A year's notes (`2024.md`), a month's summary or a file of
several dated headings holds many: each dated heading starts a meeting, and every
section after it (up to the next one) is that meeting's and carries its date.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from .dates import Found, find_dates, first_date, path_date, path_year, year_of
from .model import Meeting, Section

#: Words a dated heading may hold beside its date and still be just "the meeting of that day".
_FILLER = {
    "meeting", "meetings", "minutes", "notes", "call", "agenda", "session", "sync", "update", "updates",
    "weekly", "monthly", "canceled", "cancelled", "no", "tac", "team", "the", "of", "on", "for",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mon", "tue", "wed", "thu", "fri", "sat", "sun",
}
#: "Meeting date: 2021-03-09", "Date: July 11, 2023": a line that states the meeting's date.
_DATE_LINE = re.compile(r"^[\s>*+-]*\**\s*(?:meeting\s+)?date\s*\**\s*[:\-]\s*\**(.+)$", re.I | re.M)
#: How far into a file a "Meeting date:" line is looked for.
_DATE_LINE_WINDOW = 40


@dataclass(frozen=True)
class FileDate:
    """A file's own date and what was wrong on the way (impossible dates are reported, not used)."""

    iso: str | None
    warnings: tuple[str, ...] = ()


def file_date(meta: dict[str, Any], path: str, sections: list[Section]) -> FileDate:
    """Front matter `date:`, then a date the front matter title or a "Meeting date:" line
    states, then the file and folder names, then the first headings."""
    warnings: list[str] = []
    stated = _front_matter_date(meta.get("date"), warnings)
    if stated:
        return FileDate(stated, tuple(warnings))
    from_path, path_warnings = path_date(path)
    warnings += path_warnings
    year = year_of(from_path) or path_year(path)
    title = meta.get("title")
    stated = (first_date(str(title), year) if isinstance(title, (str, int)) else None) or _date_line(sections, year)
    if stated:
        return FileDate(stated, tuple(warnings))
    if from_path and len(from_path) == 10:
        return FileDate(from_path, tuple(warnings))
    for section in [s for s in sections if s.level > 0][:3]:
        found = first_date(section.heading, year)
        if found and (not from_path or found.startswith(from_path)):
            return FileDate(found, tuple(warnings))
    return FileDate(from_path, tuple(warnings))


def _front_matter_date(value: Any, warnings: list[str]) -> str | None:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (str, int)) and str(value).strip():
        found, impossible = find_dates(str(value), month_only=True)
        warnings += [f"impossible date {s!r} in the front matter; ignored" for s in impossible]
        return found[0].iso if found else None
    return None


def _date_line(sections: list[Section], year: int | None) -> str | None:
    head = "\n".join(s.text for s in sections)
    head = "\n".join(head.split("\n", _DATE_LINE_WINDOW)[:_DATE_LINE_WINDOW])
    for match in _DATE_LINE.finditer(head):
        found = first_date(match.group(1), year)
        if found:
            return found
    return None


def split_meetings(sections: list[Section], day: FileDate, title: str, year: int | None = None) -> list[Meeting]:
    """The meetings of a file, each section's ``meeting`` set to its meeting's index.

    A file becomes several meetings when at least two headings at one level are dates
    of different days; otherwise it is one meeting of the file's own date.
    """
    starts = _meeting_headings(sections, day.iso, year)
    if len(starts) < 2:
        for section in sections:
            section.meeting = 0
        return [Meeting(line=1, date=day.iso, title=title)]
    meetings: list[Meeting] = []
    current = 0
    for index, section in enumerate(sections):
        if index in starts:
            meetings.append(Meeting(line=section.line, date=starts[index].iso, title=section.heading))
            current = len(meetings) - 1
        section.meeting = current
    return meetings


def _meeting_headings(sections: list[Section], file_iso: str | None, year: int | None) -> dict[int, Found]:
    """Index of each section whose heading dates a meeting, at the shallowest level with two of them."""
    year = year_of(file_iso) or year
    by_level: dict[int, dict[int, Found]] = {}
    for index, section in enumerate(sections):
        if section.level == 0:
            continue
        found = _heading_date(section.heading, year)
        if found:
            by_level.setdefault(section.level, {})[index] = found
    single_day = bool(file_iso and len(file_iso) == 10)
    for level in sorted(by_level):
        dated = by_level[level]
        if len({f.iso for f in dated.values()}) < 2:
            continue
        if single_day and not _own_date_among(dated, file_iso or ""):
            continue
        return dated
    return {}


def _own_date_among(dated: dict[int, Found], file_iso: str) -> bool:
    """A file named for one day splits only when that day is one of its dated headings
    (earlier meetings appended below it), not for headings that merely mention dates."""
    return any(f.iso == file_iso for f in dated.values())


def _heading_date(heading: str, year: int | None) -> Found | None:
    """The date a heading is about: it starts with it, or says little else."""
    found, _ = find_dates(heading, year)
    if not found or len(found[0].iso) != 10:
        return None
    first = found[0]
    if not re.sub(r"[\W_]+", "", heading[: first.start]) or _only_a_date(heading, first):
        return first
    return None


def _only_a_date(heading: str, found: Found) -> bool:
    rest = heading[: found.start] + " " + heading[found.start + len(found.text):]
    words = [w for w in re.findall(r"[^\W\d_]+", rest.lower()) if w not in _FILLER]
    return len(words) <= 2
