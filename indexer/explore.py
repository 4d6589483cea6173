"""Exploring the index: entity overviews, entity profiles, recurring agenda topics.

Query-layer style, like `indexer.query`: every function takes an `Engine` from
`indexer.query.open_engine` and returns plain dataclasses and dicts. Used by the
Streamlit app's Explore and Timeline pages; no Whoosh here.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from . import query
from .markup import plain_text
from .model import ENTITY_TYPES, Event, LoggedItem
from .store import Engine

BOILERPLATE_FILE = Path(__file__).resolve().parent / "data" / "boilerplate_headings.txt"
#: Front-matter keys: a `title: ...` line that a file's front matter failed to claim is no agenda item.
FRONT_MATTER_KEY = re.compile(r"^(title|date|author|authors|tags|type|layout|categories|draft|slideoptions"
                              r"|description|series|weight|slug|lang)\s*:", re.I)


@dataclass(frozen=True)
class Boilerplate:
    """Headings that every meeting has (whole headings) and words that make a heading one (lead words)."""

    whole: frozenset[str]
    leads: tuple[str, ...]

    def covers(self, key: str) -> bool:
        return key in self.whole or any(key == lead or key.startswith(lead + " ") for lead in self.leads)


@lru_cache(maxsize=1)
def boilerplate() -> Boilerplate:
    lines = [line.strip() for line in BOILERPLATE_FILE.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    leads = tuple(line[len("lead:"):].strip() for line in lines if line.startswith("lead:"))
    return Boilerplate(whole=frozenset(line for line in lines if not line.startswith("lead:")) | {""}, leads=leads)


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


#: The query help's fields, in the order it cites them.
EXAMPLE_FIELDS = ("series", "person", "project", "version", "issue")


def query_examples(engine: Engine) -> dict[str, str]:
    """A frequent value of each field as this index holds it, for query help that works on it.

    A value without spaces is preferred, so the example can be typed as `field:value`.
    """
    facets = query.search(engine, "", limit=0).facets
    examples: dict[str, str] = {}
    for name in EXAMPLE_FIELDS:
        values = list(facets.get(name, {}))
        plain = [v for v in values if " " not in v and ":" not in v]
        if plain or values:
            examples[name] = (plain or [f'"{values[0]}"'])[0]
    years = sorted(facets.get("year", {}))
    if years:
        examples["year"] = years[-1]
    return examples


#: Words shorter than this are left alone: short names are one edit from too many others.
NAME_TYPO_MIN = 6
_QUERY_WORD = re.compile(r"(?<![:\w])[^\W\d_][\w-]*(?![:\w])")


#: A project mentioned in fewer sections than this is no safe guess for what someone meant.
NAME_MIN_SECTIONS = 3


def name_suggestion(engine: Engine, text: str, projects: dict[str, int] | None = None) -> str | None:
    """The query with a misspelt project name spelt as the index holds it ("kubernets" -> "Kubernetes").

    The respeller only helps a word that is rare; a typo of a name can match plenty
    (its stem does) and still miss the name's aliases and tags, silently. A word of
    six letters or more that is no project name itself but one edit from one (two for
    names of nine letters or more), with the same first letter, is offered the name when
    the name is in more sections than the word.
    """
    counts = projects if projects is not None else query.search(engine, "", limit=0).facets.get("project", {})
    names = {name.lower(): name for name, n in counts.items() if n >= NAME_MIN_SECTIONS}
    known = {name.lower() for name in counts}
    changed = False

    def replace(match: re.Match[str]) -> str:
        nonlocal changed
        word, low = match.group(0), match.group(0).lower()
        if len(word) < NAME_TYPO_MIN or low in known or word in ("AND", "OR", "NOT"):
            return word
        close = [name for key, name in names.items() if key[0] == low[0] and abs(len(key) - len(low)) <= 2
                 and edit_distance(low, key, 1 + (len(key) >= 9)) is not None]
        best = max(close, key=lambda name: counts[name]) if close else None
        if best is None or counts[best] <= query.search(engine, word, limit=0, facets=False).total:
            return word  # a word in more sections than the name is a word of its own ("container", not containerd)
        changed = True
        return best

    suggested = _QUERY_WORD.sub(replace, text)
    return suggested if changed else None


def edit_distance(a: str, b: str, most: int) -> int | None:
    """Levenshtein distance of `a` and `b` when it is at most `most`, else None (stops early)."""
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other)))
        if min(current) > most:
            return None
        previous = current
    return previous[-1] if previous[-1] <= most else None


@dataclass
class DecisionLog:
    """What the Decisions page lists: decisions and action items, newest first."""

    decisions: list[LoggedItem]
    actions: list[LoggedItem]


def decision_log(engine: Engine, topic: str = "", filters: query.Filters | None = None,
                 person: str = "") -> DecisionLog:
    """Decisions and action items about `topic`; with a person, those of the sections that mention them
    and also every action item they own, wherever it was written down."""
    filters = filters or query.Filters()
    with_person = query.Filters(fields={**filters.fields, **({"person": [person]} if person else {})},
                                since=filters.since, until=filters.until)
    decisions = query.decisions(engine, topic, filters=with_person)
    actions = query.decisions(engine, topic, actions=True, filters=with_person)
    if person:
        seen = {(a.path, a.line) for a in actions}
        owned = query.decisions(engine, topic, actions=True, owner=person, filters=filters)
        actions += [a for a in owned if (a.path, a.line) not in seen]
        actions.sort(key=lambda i: (i.date or "", i.path, -i.line), reverse=True)
    return DecisionLog(decisions=decisions, actions=actions)


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
    """A heading reduced to its topic: no markup, owners, dates, versions, numbering, case or punctuation."""
    text = _LEADING_NUMBER.sub("", plain_text(heading or ""))
    text = _PARENS.sub(" ", text)
    text = _HANDLE.sub(" ", text)
    text = _DATE.sub(" ", text)
    text = _VERSION.sub(" ", text)
    text = _NON_WORD.sub(" ", text.replace("_", " "))
    return " ".join(text.lower().split())


def heading_label(heading: str) -> str:
    """A heading for display: its text without markup; owners, handles, dates and versions removed."""
    text = _PARENS.sub(" ", plain_text(heading or ""))
    text = _HANDLE.sub(" ", text)
    text = _DATE.sub(" ", text)
    text = _VERSION.sub(" ", text)
    return " ".join(text.split()).strip(" -:,")


def recurring_topics(engine: Engine, min_meetings: int = 2, limit: int = 50) -> list[RecurringTopic]:
    """Agenda items whose headings recur across meetings, most frequent first."""
    rows = query.all_sections(engine, sort="date-asc")
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
        if boilerplate().covers(key) or len(key) < 3 or key.isdigit() or FRONT_MATTER_KEY.match(occ.heading):
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
    "DecisionLog", "EntityProfile", "Occurrence", "decision_log", "edit_distance", "name_suggestion", "query_examples", "Overview", "RecurringTopic", "date_span", "entity_profile", "group_headings",
    "heading_key", "heading_label", "occurrence_buckets", "overview", "recurring_topics", "stacked_buckets",
]
