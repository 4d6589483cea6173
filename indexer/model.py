"""Plain data passed between the steps: files -> Minutes -> Sections -> index -> Hits.

Every step takes and returns these dataclasses, so each can be tested alone and
none needs to know how another stores things.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

#: The entity types of the contract, in the order they are shown.
ENTITY_TYPES: tuple[str, ...] = ("person", "project", "version", "issue")

#: Section kinds: what a section is for, judged from its heading.
SECTION_KINDS: tuple[str, ...] = ("preamble", "participants", "agenda")


@dataclass(frozen=True)
class Entity:
    """One mention of a person, project, version or issue."""

    type: str
    value: str  # normalised: the value facets and filters use
    text: str  # as written in the file
    line: int  # 1-based line in the file
    project: str | None = None  # for versions: what it is a version of

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"type": self.type, "value": self.value, "text": self.text, "line": self.line}
        if self.project:
            data["project"] = self.project
        return data


#: Items at or above this confidence are shown by default (the decision log's "show all" shows the rest).
#: Chosen leaving one community out (`make train CROSS=1`: train on three communities' training
#: labels, test on the fourth): 0.2 gives the best mean F0.5 (precision weighs double) over the
#: four held-out communities, for decisions and for actions alike.
CONFIDENT = 0.2


@dataclass(frozen=True)
class Item:
    """A decision or an action item recorded in the minutes."""

    kind: str  # "decision" or "action"
    text: str
    line: int
    owners: tuple[str, ...] = ()
    confidence: float = 1.0  # 0..1: how sure the finder is that this is a decision/action
    status: str = ""  # "done" or "open" where the minutes say so ([x] / [ ] boxes, "done"), else ""

    @property
    def confident(self) -> bool:
        return self.confidence >= CONFIDENT


@dataclass
class Section:
    """The text under one heading (an agenda item, usually).

    ``text`` is the section as it stands in the file, heading line included, with
    HTML comments and ``<style>``/``<script>`` blocks blanked out but line breaks
    kept, so an offset in ``text`` maps back to a line of the file.
    """

    heading: str  # "" for text before the first heading
    line: int  # 1-based line of the heading (1 for the preamble)
    level: int  # 1-6, 0 for the preamble
    text: str
    kind: str = "agenda"
    entities: list[Entity] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    meeting: int = 0  # index into Minutes.meetings of the meeting this section belongs to

    @property
    def body(self) -> str:
        """The section's text without its heading line."""
        if self.level == 0:
            return self.text
        return self.text.split("\n", 1)[1] if "\n" in self.text else ""

    def values(self, entity_type: str) -> list[str]:
        """Distinct entity values of one type, in order of first mention."""
        return list(dict.fromkeys(e.value for e in self.entities if e.type == entity_type))


@dataclass(frozen=True)
class Attendee:
    """One person recorded as present at a meeting.

    ``value`` is the person value of the contract (a handle lower-cased without ``@``
    when the minutes give one, else the name as written); ``names`` holds every form
    the minutes use for that person (handle, full name, first name, abbreviation), so
    a later "Sven will ..." or "SYG:" resolves to the same value.
    """

    value: str
    names: tuple[str, ...] = ()

    def known_as(self, name: str) -> bool:
        """True when ``name`` (any case, with or without ``@``) is one of this person's forms."""
        wanted = _name_key(name)
        return bool(wanted) and any(_name_key(n) == wanted for n in (self.value, *self.names))


def _name_key(name: str) -> str:
    return " ".join(name.strip().lstrip("@").split()).casefold()


@dataclass
class Meeting:
    """One meeting whose notes a file holds (most files hold one; a year file holds many)."""

    line: int  # 1-based line where this meeting's notes start (1 for a file of one meeting)
    date: str | None  # ISO YYYY-MM-DD, YYYY-MM for a month's summary, or None
    title: str
    attendees: list[Attendee] = field(default_factory=list)

    def attendee(self, name: str) -> Attendee | None:
        """The attendee one of whose forms is ``name``, when exactly one matches."""
        found = [a for a in self.attendees if a.known_as(name)]
        return found[0] if len(found) == 1 else None

    def to_json(self) -> dict[str, Any]:
        return {"line": self.line, "date": self.date, "title": self.title,
                "attendees": [a.value for a in self.attendees]}


@dataclass
class Minutes:
    """One minutes file, parsed."""

    path: str  # POSIX path relative to its corpus root
    root: str  # the corpus root it was found under
    date: date | None
    series: str
    title: str
    sections: list[Section]
    digest: str  # content hash, to tell changed files from unchanged ones
    warnings: list[str] = field(default_factory=list)  # what was repaired while reading
    meetings: list[Meeting] = field(default_factory=list)  # in file order; parse_minutes gives at least one

    @property
    def iso_date(self) -> str | None:
        return self.date.isoformat() if self.date else None

    def meeting_of(self, section: Section) -> Meeting:
        """The meeting a section belongs to (a file-wide one when none was split out)."""
        if 0 <= section.meeting < len(self.meetings):
            return self.meetings[section.meeting]
        if self.meetings:
            return self.meetings[0]
        return Meeting(line=1, date=self.iso_date, title=self.title)

    def date_of(self, section: Section) -> str | None:
        """The date of the section's own meeting: ISO day, YYYY-MM, or None."""
        return self.meeting_of(section).date


@dataclass(frozen=True)
class Skipped:
    """A file that could not be indexed, and why."""

    path: str
    reason: str


@dataclass
class Hit:
    """One section found by a search."""

    path: str
    series: str
    date: str | None
    title: str
    heading: str
    line: int
    score: float
    snippet: str
    entities: dict[str, list[str]]
    root: str = ""

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("root")
        return data


@dataclass
class SearchResult:
    query: str
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    suggestion: str | None = None  # a respelling to offer (the hits are for the query as typed)
    corrected: str | None = None  # the respelling searched instead (a word of the query is in no section)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "query": self.query,
            "total": self.total,
            "hits": [h.to_json() for h in self.hits],
            "facets": self.facets,
        }
        if self.suggestion:
            data["suggestion"] = self.suggestion
        if self.corrected:
            data["corrected"] = self.corrected
        return data


@dataclass
class Event:
    """One mention of a topic on a timeline."""

    date: str | None
    path: str
    series: str
    heading: str
    line: int
    snippet: str


@dataclass
class Timeline:
    topic: str
    total: int
    buckets: list[dict[str, Any]]
    events: list[Event]
    corrected: str | None = None  # the respelling followed instead (a word of the topic is in no section)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "topic": self.topic,
            "total": self.total,
            "buckets": self.buckets,
            "events": [asdict(e) for e in self.events],
        }
        if self.corrected:
            data["corrected"] = self.corrected
        return data


@dataclass
class LoggedItem:
    """A decision or action as the decision log shows it: the item plus where it stands."""

    kind: str
    text: str
    date: str | None
    path: str
    series: str
    heading: str
    line: int
    owners: list[str]
    confidence: float = 1.0  # how sure the finder is (items below CONFIDENT are shown only on request)
    status: str = ""  # actions: "done", "open" or "" (the minutes do not say)
    earlier: list[str] = field(default_factory=list)  # "date path:line" of earlier meetings writing the same item

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
