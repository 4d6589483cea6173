"""Dates as minutes write them: in file and folder names, titles, headings and "Meeting date:" lines.

A small pattern only FINDS the spans that look like a date in the forms minutes use
(`2024-03-06`, `20240306`, `2024_03_06`, `6.3.2024`, `July 11, 2023`, `11 July 2023`,
`Jan 9`); python-dateutil reads each span, so month names, ordinals and separators
are its business. A day that cannot exist (`2024-02-30`) is reported, never guessed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePosixPath

from dateutil import parser as dateutil_parser

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_DASH = r"[-_./\u2013\u2014]"
#: The spans worth handing to dateutil; named groups say which form was found.
_CANDIDATE = re.compile(
    rf"(?<![\w.])(?:"
    rf"(?P<iso>{_YEAR}){_DASH}(?P<iso_m>[01]?\d){_DASH}(?P<iso_d>[0-3]?\d)"
    rf"|(?P<compact>{_YEAR}[01]\d[0-3]\d)"
    rf"|(?P<dmy_d>[0-3]?\d)\.(?P<dmy_m>[01]?\d)\.(?P<dmy_y>{_YEAR})"
    rf"|(?P<md>{_MONTH}[\s_-]+{_DAY}(?:,?\s+{_YEAR})?)"
    rf"|(?P<dm>{_DAY}\.?\s+{_MONTH}(?:,?\s+{_YEAR})?)"
    rf"|(?P<month>{_MONTH},?\s+{_YEAR})"
    rf")(?![\w])",
    re.I,
)
_YEAR_MONTH_NAME = re.compile(rf"(?<!\d)({_YEAR})[-_.]([01]\d)(?![-_.]?\d)")
_YEAR_ONLY = re.compile(rf"(?<!\d)({_YEAR})(?!\d)")


@dataclass(frozen=True)
class Found:
    """A date found in some text: ISO day (or YYYY-MM for a month alone), where, and as written."""

    iso: str
    start: int
    text: str


class ImpossibleDate(ValueError):
    """A date as written that no calendar has (`2024-02-30`); the message quotes it."""


def find_dates(text: str, year: int | None = None, month_only: bool = False) -> tuple[list[Found], list[str]]:
    """Every date in ``text`` and the impossible ones (as written), in text order.

    ``year`` fills in a date written without one (`July 11` in a file of 2023); without
    it such a date is skipped. ``month_only`` also accepts `March 2021` as `2021-03`.
    """
    found: list[Found] = []
    impossible: list[str] = []
    for match in _CANDIDATE.finditer(text):
        span = match.group(0)
        if match.group("month") and not month_only:
            continue
        try:
            iso = _read(match, year)
        except ImpossibleDate:
            impossible.append(span)
            continue
        if iso:
            found.append(Found(iso, match.start(), span))
    return found, impossible


def _read(match: re.Match[str], year: int | None) -> str | None:
    """One candidate span to ISO text, or None when it lacks a year nobody can supply."""
    try:
        if match.group("iso"):
            return date(int(match.group("iso")), int(match.group("iso_m")), int(match.group("iso_d"))).isoformat()
        if match.group("compact"):
            return datetime.strptime(match.group("compact"), "%Y%m%d").date().isoformat()
        if match.group("dmy_y"):
            return date(int(match.group("dmy_y")), int(match.group("dmy_m")), int(match.group("dmy_d"))).isoformat()
    except ValueError:
        raise ImpossibleDate(match.group(0)) from None
    span = match.group(0)
    if match.group("month"):
        return _parse_words(span, 1, None)[:7]
    if not _YEAR_ONLY.search(span) and year is None:
        return None
    return _parse_words(span, 1, year)


def _parse_words(span: str, day: int, year: int | None) -> str:
    """A date written with a month name, read by dateutil (the year filled in when missing)."""
    default = datetime(year or 2000, 1, day)
    try:
        return dateutil_parser.parse(re.sub(r"[-_.,]", " ", span), default=default, fuzzy=False).date().isoformat()
    except (ValueError, OverflowError):
        raise ImpossibleDate(span) from None


def first_date(text: str, year: int | None = None) -> str | None:
    """The first full date in ``text`` (ISO), or None."""
    found, _ = find_dates(text, year)
    return found[0].iso if found else None


def path_date(path: str) -> tuple[str | None, list[str]]:
    """The date a file's name and folders give: a day, a month (`2021-01-...-update.md`), or None.

    A `YYYY-MM` or `YYYY` folder gives the year of a file named by month and day
    (`2023-07/july-11.md`, `2019/march-14.md`).
    """
    parts = PurePosixPath(path).parts
    stem = PurePosixPath(path).stem
    year, month = _year_month_of_folders(parts[:-1])
    found, impossible = find_dates(stem, year)
    if found:
        return found[0].iso, [f"impossible date {s!r} in the file name; ignored" for s in impossible]
    named = _YEAR_MONTH_NAME.search(stem)
    if named and 1 <= int(named.group(2)) <= 12:
        return f"{named.group(1)}-{named.group(2)}", []
    for folder in reversed(parts[:-1]):
        found, _ = find_dates(folder)
        if found:
            return found[0].iso, []
    return None, [f"impossible date {s!r} in the file name; ignored" for s in impossible]


def _year_month_of_folders(folders: tuple[str, ...]) -> tuple[int | None, int | None]:
    for folder in reversed(folders):
        named = _YEAR_MONTH_NAME.search(folder)
        if named:
            return int(named.group(1)), int(named.group(2))
        only = _YEAR_ONLY.fullmatch(folder)
        if only:
            return int(only.group(1)), None
    return None, None


def year_of(iso: str | None) -> int | None:
    return int(iso[:4]) if iso else None


def as_date(iso: str | None) -> date | None:
    """ISO text to a date (a month counts as its first day), for sorting and filters."""
    if not iso:
        return None
    try:
        return date.fromisoformat(iso if len(iso) == 10 else iso[:7] + "-01")
    except ValueError:
        return None


def path_year(path: str) -> int | None:
    """A year the file name or a folder gives (`2024.md`, `2019/...`), to complete dates written without one."""
    for part in reversed(PurePosixPath(path).with_suffix("").parts):
        found = _YEAR_ONLY.search(part)
        if found:
            return int(found.group(1))
    return None
