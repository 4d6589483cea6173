"""Who was present at a meeting, in the forms minutes record it.

Attendance is a block: a heading or a label line (`Present`, `Attendees`, `Attendance`,
`Participants`, `Attending`, `Team members:` ...) followed by a list, an inline comma
list, a Markdown or HTML table, or an abbreviation list (`MB: Myles Borins`). People
under `Regrets`/`Absent`/`Apologies`/`Excused` are left out; in a table with a presence
column only the marked rows count. Each person becomes one `Attendee` whose value is
the handle (lower-cased, no `@`) when the minutes give one, else the name as written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from .attendance_tables import html_tables, markdown_table
from .code_fences import OUTSIDE, fence_states
from .model import Attendee
from .people import Person, people_in, read_person

_WORDS_PRESENT = (r"present|attendees?|attendance|attending|participants?|participating|team\s+members|"
                  r"in\s+attendance|anwesend|teilnehmer(?:innen)?|who(?:'s|\s+is)\s+here|roll\s*call")
_WORDS_ABSENT = r"regrets?|absent|apologies|excused|unable\s+to\s+attend|not\s+present|missing|abwesend|entschuldigt"
_WORDS_ROLE = (r"scribe|note[-\s]?takers?|minutes|facilitat\w*|moderat\w*|chair\w*|host|presenter|presenting|recorder|"
               r"notes|summary|report\w*|transfer|responsible|taking|agenda|time|date|link|recording")
_PRESENT = re.compile(rf"^(?:{_WORDS_PRESENT})\b", re.I)
_ABSENT = re.compile(rf"^(?:{_WORDS_ABSENT})\b", re.I)
_ABSENT_WORD = re.compile(rf"\b(?:{_WORDS_ABSENT})\b", re.I)
_QUALIFIED_PRESENT = re.compile(r"^(?:[\w'-]+\s+){1,2}(?:attendees|participants|attendance|present|attending)$", re.I)
_ROLE = re.compile(rf"\b(?:{_WORDS_ROLE})\b", re.I)
_ATX = re.compile(r"^ {0,3}#{1,6}(?:\s+(.*?))?\s*#*\s*$")
_UNTICKED = re.compile(r"^\s*(?:[*+\-]|\d+[.)])\s+\[ \]")
_BULLET = re.compile(r"^\s*(?:[*+\-\u2022]|\d+[.)])\s+(?:\[[ xX]\]\s+)?")
#: "**Label (note):** rest", "Label: rest", "- Team members: a, b"
_LABEL = re.compile(r"^\s*(?:[*+\-]\s+)?[*_]*(?P<label>[^\W\d_][\w\s'/&.-]{0,40}?)[*_]*\s*(?:\([^)]*\))?\s*[*_]*\s*:[*_]*\s*(?P<rest>.*)$")
#: "Attendance (please add yourself)", "**Regrets**": a line that only names what follows.
_LABEL_ONLY = re.compile(r"^\s*(?:[*+\-]\s+)?[*_]*(?P<label>[^\W\d_][\w\s'/&.-]{0,40}?)[*_]*\s*(?:\(.*\))?\s*[*_]*:?[*_]*\s*$")
_ABBREVIATION = re.compile(r"^\s*(?:[*+\-]\s+)?(?P<abbr>[A-Z]{2,4})\s*[:=\u2013-]\s+(?P<rest>.+)$")
#: Label words that name a group of people present (under an attendance heading or label).
_GROUP_LABEL_WORDS = 4


@dataclass
class _Reader:
    """State while reading a meeting's lines: whether the lines being read list people present."""

    mode: str = ""  # "present", "absent" or "" (not in an attendance block)
    people: list[Person] = field(default_factory=list)
    found_in_block: int = 0


def attendees(text: str) -> list[Attendee]:
    """The people recorded as present in a meeting's text (its lines, headings included)."""
    reader = _Reader()
    for kind, payload in _blocks(text.split("\n")):
        if kind == "heading":
            reader.mode, reader.found_in_block = _mode_of_title(payload), 0
        elif kind == "table" and reader.mode:
            _take(reader, payload.people() if reader.mode == "present" else [])
        elif kind == "line":
            _read_line(reader, payload)
    return _merge(reader.people)


def _blocks(lines: list[str]) -> Iterator[tuple[str, object]]:
    """Headings, tables and other lines, code blocks left out."""
    states = fence_states(lines)
    i = 0
    while i < len(lines):
        line = lines[i]
        if states[i] != OUTSIDE:
            i += 1
            continue
        heading = _ATX.match(line)
        if heading:
            yield "heading", heading.group(1) or ""
            i += 1
        elif line.lstrip().startswith("|"):
            end = _run_end(lines, i, lambda s: s.lstrip().startswith("|"))
            table = markdown_table(lines[i:end])
            yield ("table", table) if table else ("line", "")
            i = end
        elif re.match(r"\s*<table\b", line, re.I):
            closed = re.search(r"</table\s*>", line, re.I)
            end = i + 1 if closed else _run_end(lines, i, lambda s: not re.search(r"</table\s*>", s, re.I)) + 1
            for table in html_tables("\n".join(lines[i:end])):
                yield "table", table
            i = end
        else:
            yield "line", line
            i += 1


def _run_end(lines: list[str], start: int, keeps: object) -> int:
    end = start + 1
    while end < len(lines) and keeps(lines[end]):  # type: ignore[operator]
        end += 1
    return min(end, len(lines))


def _mode_of_title(title: str) -> str:
    """What a heading or label line opens: a list of people present, absent, or neither."""
    plain = re.sub(r"^[\W_]+", "", title).strip()
    bare = " ".join(re.sub(r"\(.*?\)|[*_:]", " ", plain).split())
    if _ABSENT.match(plain) or (len(bare.split()) <= _GROUP_LABEL_WORDS and _ABSENT_WORD.search(bare)):
        return "absent"
    if _PRESENT.match(plain) and not re.match(r"^\w+\s+(?:in|of|for|to)\b", plain, re.I):
        return "present"
    if _QUALIFIED_PRESENT.match(bare):  # "Remote attendees", "In-person participants", "Members present"
        return "present"
    return ""


def _read_line(reader: _Reader, line: str) -> None:
    """One line inside or outside an attendance block."""
    if not line.strip():
        return
    label = _LABEL.match(line)
    abbreviation = _ABBREVIATION.match(line)
    if label and not (abbreviation and reader.mode):
        _read_labelled(reader, label.group("label").strip(), label.group("rest"))
        return
    alone = _LABEL_ONLY.match(line)
    if alone and _mode_of_title(alone.group("label")):
        reader.mode, reader.found_in_block = _mode_of_title(alone.group("label")), 0
        return
    if not reader.mode:
        return
    if _UNTICKED.match(line):
        return  # "- [ ] Name" in a roll call: not ticked, not present
    if abbreviation:  # "MB: Myles Borins"
        people = [p for p in [read_person(abbreviation.group("rest"), abbreviation.group("abbr"))] if p]
    else:
        people = people_in(_BULLET.sub("", line), entry=bool(_BULLET.match(line)))
    if not people and not _BULLET.match(line) and reader.found_in_block:
        reader.mode = ""  # prose after the list: the block is over
        return
    if reader.mode == "present":
        _take(reader, people)


def _read_labelled(reader: _Reader, label: str, rest: str) -> None:
    """`Present: a, b`, `Regrets:`, `Team members: a, b`, `Lang: a, b` (inside a block)."""
    opened = _mode_of_title(label)
    if not opened and reader.mode:
        if _ROLE.search(label):
            return  # a role line (scribe, chair) inside the block: not a list of people
        if len(label.split()) <= _GROUP_LABEL_WORDS:  # a group of the people listed: "Lang", "Others"
            opened = "absent" if _ABSENT_WORD.search(label) or reader.mode == "absent" else "present"
    if not opened:
        if reader.mode and reader.found_in_block:
            reader.mode = ""  # another kind of line after the list: the block is over
        return
    if rest.strip():  # an inline list; the block, if any, goes on
        if opened == "present":
            _take(reader, [p for p in people_in(rest) if p])
        return
    reader.mode, reader.found_in_block = opened, 0


def _take(reader: _Reader, people: list[Person]) -> None:
    reader.people.extend(people)
    reader.found_in_block += len(people)


def _merge(people: list[Person]) -> list[Attendee]:
    """One attendee per value, all the forms met for it kept, in order of first mention."""
    by_value: dict[str, list[str]] = {}
    for person in people:
        names = by_value.setdefault(person.value, [])
        names.extend(n for n in person.names if n not in names)
    return [Attendee(value, tuple(names)) for value, names in by_value.items()]


__all__ = ["attendees"]
