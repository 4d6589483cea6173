"""One value per person within a file: first names and attendee forms joined to one person (no spaCy).

The pipeline tags a name where it is written; only the whole file says that "Tobie" in
one section is the "Tobie Langel" of the attendance list, or that "Kurt Garloff" is the
attendee whose handle is ``garloff``. This step runs after the pipeline, per file.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace

from ..model import Entity, Meeting, Minutes, Section
from . import normalize
from .rules import SpanSet, line_starts, prose_names, url_spans


def full_names(minutes: Minutes) -> dict[str, str]:
    """First name (folded) -> the one full name of the file that starts with it (ambiguous ones left out)."""
    seen: dict[str, set[str]] = {}
    for section in minutes.sections:
        for e in section.entities:
            if e.type == "person" and " " in e.value and e.value[:1].isupper():
                seen.setdefault(e.value.split(" ", 1)[0].casefold(), set()).add(e.value)
    for meeting in minutes.meetings:
        for a in meeting.attendees:
            for name in a.names:
                if " " in name and name[:1].isupper():
                    seen.setdefault(name.split(" ", 1)[0].casefold(), set()).add(a.value)
    out = {}
    for first, values in seen.items():
        longest = {v for v in values if not any(o != v and o.startswith(v + " ") for o in values)}
        if len(longest) == 1:  # "Arnaud Le" is the start of "Arnaud Le Hors": one person
            out[first] = next(iter(longest))
    return out


def resolve(name: str, meeting: Meeting, firsts: dict[str, str]) -> str | None:
    """The person value ``name`` stands for in this meeting, or None when nothing says."""
    attendee = meeting.attendee(name)
    if attendee is not None:
        return attendee.value
    first = name.strip().split(" ", 1)[0].casefold()
    full = firsts.get(first)
    if full and (full + " ").startswith(name.strip() + " "):
        return full  # "Arnaud" or "Arnaud Le" of "Arnaud Le Hors"
    return None


def first_name_mentions(section: Section, firsts: dict[str, str]) -> list[Entity]:
    """Prose mentions of a first name of this file's people ("Tobie to open an issue")."""
    if section.kind == "participants" or not firsts:
        return []
    text = section.text
    taken = {(e.line, e.text) for e in section.entities}
    heading_end = (text.find("\n") + 1 or len(text)) if section.level > 0 else 0
    starts = line_starts(text)
    out = []
    for m in prose_names(text, SpanSet(url_spans(text)), heading_end, set(firsts)):
        line = section.line + bisect_right(starts, m.start) - 1
        value = firsts.get(m.text.casefold())
        if value and (line, m.text) not in taken:
            out.append(Entity(type="person", value=value, text=m.text, line=line))
    return out


def attendee_mentions(minutes: Minutes) -> None:
    """Each attendee of a meeting is a person of the file, found where one of its names is written
    (an attendance table the pipeline reads as plain text still names its people)."""
    for meeting in minutes.meetings:
        sections = [s for s in minutes.sections if minutes.meeting_of(s) is meeting]
        known = {e.value for s in sections for e in s.entities if e.type == "person"}
        for attendee in meeting.attendees:
            if attendee.value in known:
                continue
            found = _first_written(sections, (attendee.value, *attendee.names))
            if found:
                section, line, text = found
                section.entities.append(Entity(type="person", value=normalize.person(attendee.value), text=text, line=line))


#: An attendance entry is a short line: more words than this around a name are prose, not a list of people.
ENTRY_WORDS = 12


def _first_written(sections: list[Section], names: tuple[str, ...]) -> tuple[Section, int, str] | None:
    """The first section and line where one of ``names`` stands as a word of its own, on a line
    short enough to be an attendance entry (the attendance reader may take a budget line for a name)."""
    for section in sections:
        for n, line in enumerate(section.text.split("\n")):
            if len(line.split()) > ENTRY_WORDS:
                continue
            for name in names:
                if name and re.search(rf"(?<![\w@-])@?{re.escape(name)}(?![\w-])", line):
                    return section, section.line + n, name
    return None


def owner_mentions(minutes: Minutes) -> None:
    """The owner of a confident action item is a person of the file where the item names it
    ("Niko to write a comment"): a name the gazetteer does not know is still somebody who owes a task."""
    for section in minutes.sections:
        known = {e.value.casefold() for e in section.entities if e.type == "person"}
        for item in section.items:
            if item.kind != "action" or not item.confident:
                continue
            for owner in item.owners:
                written = owner.lstrip("@")
                if written.casefold() in known or not _named_as_owner(owner, item.text):
                    continue
                known.add(written.casefold())
                section.entities.append(Entity(type="person", value=normalize.person(owner), text=owner, line=item.line))


def _named_as_owner(owner: str, text: str) -> bool:
    """The owner stands in the item as a word, not only as a label before a colon ("Plan: test ...")."""
    return any(not text[m.end():].lstrip().startswith(":")
               for m in re.finditer(rf"(?<![\w-]){re.escape(owner)}(?![\w-])", text))


def join_people(minutes: Minutes) -> None:
    """Person entities of a file resolved to one value per person (attendees, owners, then unique first names)."""
    attendee_mentions(minutes)
    owner_mentions(minutes)
    firsts = full_names(minutes)
    for section in minutes.sections:
        meeting = minutes.meeting_of(section)
        joined = []
        for e in section.entities:
            if e.type == "person":
                value = resolve(e.text, meeting, firsts) or resolve(e.value, meeting, firsts)
                if value and value != e.value:
                    e = replace(e, value=normalize.person(value))
            joined.append(e)
        joined.extend(first_name_mentions(section, firsts))
        joined.sort(key=lambda e: e.line)
        section.entities = joined
