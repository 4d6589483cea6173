"""Exploring the index: entity overviews, entity profiles, recurring agenda topics.

Query-layer style, like `indexer.query`: every function takes an `Engine` from
`indexer.query.open_engine` and returns plain dataclasses and dicts. Used by the
Streamlit app's Explore and Timeline pages; no Whoosh here.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from . import query
from .model import ENTITY_TYPES, Event, LoggedItem
from .store import Engine, Plan

#: Headings that structure every meeting and say nothing about its topics.
GENERIC_HEADINGS = frozenset({
    "", "agenda", "participants", "attendees", "present", "action items", "actions", "action item",
    "todos", "todo", "aob", "any other business", "misc", "miscellaneous", "other", "others", "notes",
    "minutes", "next meeting", "next meetings", "decisions", "summary", "welcome", "introduction",
    "round table", "roundtable", "open action items", "review of action items", "previous action items",
    "follow ups", "follow up", "followups", "topics", "status", "updates", "news", "announcements",
    "date", "time", "location", "links", "references", "protocol", "organisational", "organizational",
    "questions", "q a", "open questions", "feedback", "wrap up", "closing", "next steps", "action items review",
})


# -- overview -----------------------------------------------------------------
@dataclass
class Overview:
    """What the index holds, in counts of sections: the most frequent values per type."""

    sections: int
    series: dict[str, int]
    years: dict[str, int]
    top: dict[str, list[tuple[str, int]]]  # entity type -> [(value, sections)], most frequent first


def overview(engine: Engine, top: int = 20) -> Overview:
    """The most frequent projects, people, versions and issues (counted in sections)."""
    result = query.search(engine, "", limit=0)
    return Overview(
        sections=result.total,
        series=result.facets.get("series", {}),
        years=result.facets.get("year", {}),
        top={t: list(result.facets.get(t, {}).items())[:top] for t in ENTITY_TYPES},
    )


def date_span(engine: Engine) -> tuple[str | None, str | None]:
    """The first and last year with dated minutes, as 'YYYY' strings (None when nothing is dated)."""
    years = sorted(query.search(engine, "", limit=0).facets.get("year", {}))
    return (years[0], years[-1]) if years else (None, None)


# -- entity profile ---------------------------------------------------------------
@dataclass
class EntityProfile:
    """Everything the index knows about one entity value."""

    type: str
    value: str
    sections: int  # sections that mention it
    meetings: int  # distinct minutes files
    first: str | None
    last: str | None
    series: dict[str, int]
    buckets: list[dict]  # [{"period", "series", "count"}], stacked by series
    people: list[tuple[str, int]]  # who talks about it (persons in the same sections)
    related: dict[str, list[tuple[str, int]]]  # type -> co-occurring values, most frequent first
    decisions: list[LoggedItem]
    actions: list[LoggedItem]
    events: list[Event]  # every mention, oldest first


def entity_profile(engine: Engine, entity_type: str, value: str, by: str = "month", top: int = 15,
                   recent: int = 10) -> EntityProfile:
    """When an entity appears, who talks about it, what comes with it, and its recent decisions."""
    if entity_type not in ENTITY_TYPES:
        raise query.BadQuery(f"unknown entity type {entity_type!r}; use one of {', '.join(ENTITY_TYPES)}")
    filters = query.Filters(fields={entity_type: [value]})
    result = query.search(engine, "", limit=0, filters=filters)
    line = query.timeline(engine, "", by=by, filters=filters)
    dated = [e.date for e in line.events if e.date]
    own = value.lower()

    def others(name: str) -> list[tuple[str, int]]:
        counts = result.facets.get(name, {})
        return [(v, n) for v, n in counts.items() if not (name == entity_type and v.lower() == own)][:top]

    return EntityProfile(
        type=entity_type, value=value, sections=result.total,
        meetings=len({e.path for e in line.events}),
        first=min(dated) if dated else None, last=max(dated) if dated else None,
        series=result.facets.get("series", {}),
        buckets=stacked_buckets(line.events, by),
        people=others("person"),
        related={t: others(t) for t in ENTITY_TYPES if t != "person"},
        decisions=query.decisions(engine, "", filters=filters)[:recent],
        actions=query.decisions(engine, "", actions=True, filters=filters)[:recent],
        events=line.events,
    )


def stacked_buckets(events: Iterable[Event], by: str = "month") -> list[dict]:
    """Counts per period and series, oldest period first: the data of a stacked chart."""
    counts: Counter = Counter()
    for event in events:
        counts[(query.period_of(event, by), event.series)] += 1
    return [{"period": period, "series": series, "count": n} for (period, series), n in sorted(counts.items())]


# -- recurring topics ---------------------------------------------------------------
@dataclass
class Occurrence:
    date: str | None
    path: str
    series: str
    heading: str
    line: int
    root: str = ""


@dataclass
class RecurringTopic:
    """Agenda items whose headings come back across meetings (and maybe across series)."""

    key: str  # the normalised heading
    label: str  # the heading as most often written (owners and versions stripped)
    meetings: int
    series: list[str]
    first: str | None
    last: str | None
    occurrences: list[Occurrence] = field(default_factory=list)  # oldest first

    @property
    def query(self) -> str:
        """A query that finds this topic's sections by their headings (for the timeline)."""
        return "heading:(" + " ".join(self.key.split()) + ")"


_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_HANDLE = re.compile(r"@[\w.-]+")
_DATE = re.compile(r"\b\d{4}-\d{2}(-\d{2})?\b|\b\d{8}\b")
_VERSION = re.compile(r"\bv?\d+(\.\d+)+[a-z0-9.-]*\b|\bv\d+\b", re.I)
_LEADING_NUMBER = re.compile(r"^\s*(\d+[.)]|[ivx]+[.)]|top\s*\d+:?)\s*", re.I)
_NON_WORD = re.compile(r"[^\w\s]+")


def heading_key(heading: str) -> str:
    """A heading reduced to its topic: no owners, dates, versions, numbering, case or punctuation."""
    text = _LEADING_NUMBER.sub("", heading or "")
    text = _PARENS.sub(" ", text)
    text = _HANDLE.sub(" ", text)
    text = _DATE.sub(" ", text)
    text = _VERSION.sub(" ", text)
    text = _NON_WORD.sub(" ", text.replace("_", " "))
    return " ".join(text.lower().split())


def heading_label(heading: str) -> str:
    """A heading for display: owners, handles, dates and versions removed, whitespace tidied."""
    text = _PARENS.sub(" ", heading or "")
    text = _HANDLE.sub(" ", text)
    text = _DATE.sub(" ", text)
    text = _VERSION.sub(" ", text)
    return " ".join(text.split()).strip(" -:,")


def recurring_topics(engine: Engine, min_meetings: int = 2, limit: int = 50) -> list[RecurringTopic]:
    """Agenda items whose headings recur across meetings, most frequent first."""
    rows = engine.all_rows(Plan(), sort="date-asc")
    return group_headings(
        (Occurrence(date=r.fields.get("iso_date"), path=r.fields["path"], series=r.fields.get("series", ""),
                    heading=r.fields.get("heading", ""), line=r.fields.get("line", 1), root=r.fields.get("root", ""))
         for r in rows if not _is_title(r.fields.get("heading", ""), r.fields.get("title", ""))),
        min_meetings=min_meetings, limit=limit,
    )


def _is_title(heading: str, title: str) -> bool:
    """The meeting's own title ("Infra team meeting 2024-03-06") is no agenda item."""
    return not heading.strip() or heading.strip() == (title or "").strip()


def group_headings(occurrences: Iterable[Occurrence], min_meetings: int = 2, limit: int = 50) -> list[RecurringTopic]:
    """Group sections by their normalised heading; keep the groups seen in `min_meetings` files or more."""
    groups: dict[str, list[Occurrence]] = defaultdict(list)
    for occ in occurrences:
        key = heading_key(occ.heading)
        if key in GENERIC_HEADINGS or len(key) < 3 or key.isdigit():
            continue
        groups[key].append(occ)
    topics: list[RecurringTopic] = []
    for key, occs in groups.items():
        meetings = {(o.root, o.path) for o in occs}
        if len(meetings) < min_meetings:
            continue
        occs.sort(key=lambda o: (o.date or "9999", o.path, o.line))
        dated = [o.date for o in occs if o.date]
        labels = Counter(heading_label(o.heading) for o in occs)
        label = max(labels.items(), key=lambda kv: (kv[1], -len(kv[0])))[0] or key
        topics.append(RecurringTopic(
            key=key, label=label, meetings=len(meetings), series=sorted({o.series for o in occs}),
            first=dated[0] if dated else None, last=dated[-1] if dated else None, occurrences=occs,
        ))
    topics.sort(key=lambda t: (-t.meetings, -len(t.series), t.key))
    return topics[:limit]


def occurrence_buckets(occurrences: Sequence[Occurrence], by: str = "month") -> list[dict]:
    """Counts per period and series for a recurring topic's chart."""
    events = [Event(date=o.date, path=o.path, series=o.series, heading=o.heading, line=o.line, snippet="")
              for o in occurrences]
    return stacked_buckets(events, by)


__all__ = [
    "EntityProfile", "Occurrence", "Overview", "RecurringTopic", "date_span", "entity_profile", "group_headings",
    "heading_key", "heading_label", "occurrence_buckets", "overview", "recurring_topics", "stacked_buckets",
]
