"""The query layer: search, facets, timelines and the decision log, for the CLI and the UI alike.

It speaks in plain values (strings, dates, dataclasses) and leaves Whoosh to
`indexer.store`. Both the command line and the Streamlit app call these functions.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator, Mapping, Sequence

from .aliases import AliasTable
from .markup import plain_text
from .person_forms import same_person
from .model import CONFIDENT, ENTITY_TYPES, Event, Hit, LoggedItem, SearchResult, Timeline
from .errors import BadQuery  # noqa: F401 (re-exported)
from . import relevance
from .querylang import QueryDateError
from .relevance import Plan
from .store import Engine, QuerySyntaxError, Row, strip_marks
from .store import MARK_END, MARK_START  # noqa: F401  (re-exported: the app turns a hit's marks into <mark>)

#: Fields a filter may name (`--filter project=OVN`, `project:OVN` in a query).
FILTER_FIELDS: tuple[str, ...] = ("series", "person", "project", "version", "issue", "year")
PERIODS = ("month", "year", "meeting")


@dataclass
class Filters:
    """Conditions on fields and dates, as the user gave them."""

    fields: dict[str, list[str]] = field(default_factory=dict)
    since: date | None = None
    until: date | None = None

    @classmethod
    def from_pairs(cls, pairs: Iterable[str] = (), since: str | None = None, until: str | None = None) -> "Filters":
        """From `FIELD=VALUE` strings and ISO dates; BadQuery on anything malformed."""
        filters = cls(since=parse_day(since, "--since") if since else None, until=parse_day(until, "--until") if until else None)
        for pair in pairs:
            name, sep, value = pair.partition("=")
            name = name.strip().lower()
            if not sep or not value.strip():
                raise BadQuery(f"a filter must look like FIELD=VALUE, not {pair!r}")
            filters.add(name, value.strip())
        return filters

    def add(self, name: str, value: str) -> None:
        if name not in FILTER_FIELDS:
            raise BadQuery(f"unknown filter field {name!r}; use one of {', '.join(FILTER_FIELDS)}")
        self.fields.setdefault(name, []).append(value)


def parse_day(text: str, what: str = "date") -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise BadQuery(f"{what} needs a date as YYYY-MM-DD, not {text!r}") from None


def open_engine(index_path: Path | str) -> Engine:
    return Engine(index_path)


# -- search -------------------------------------------------------------------
def search(engine: Engine, query: str, limit: int = 10, offset: int = 0, filters: Filters | None = None,
           sort: str = "relevance", facets: bool = True, marks: bool = False, as_typed: bool = False) -> SearchResult:
    """Sections matching `query`, best first, with facet counts over every match.

    A word that no section holds cannot help, so when it has a respelling the
    respelled query is searched instead (`corrected` says so), unless `as_typed`.
    A word that some sections do hold is searched as typed, with a suggestion.
    """
    spelling = respell(engine, query)
    searched = to_search(query, spelling, as_typed)
    plan = make_plan(engine, searched, filters)
    if sort == "relevance" and not plan.text.strip() and not plan.should:
        sort = "date"  # only conditions (`project:OVN`): nothing to rank by, so newest first
    try:
        if sort == "relevance" and plan.text.strip():
            total, rows, counts = ranked_rows(engine, plan, limit, offset, facets)
        else:
            total, rows, counts = engine.search(relevance.match_query(plan, engine), limit=limit, offset=offset,
                                                sort=sort, facets=facets)
        terms = engine.highlight_terms(plan.text, plan.conjunctive)
    except QuerySyntaxError as exc:
        raise BadQuery(str(exc)) from None
    hits = [to_hit(engine, row, terms, marks) for row in rows]
    corrected = searched if searched != query else None
    suggestion = spelling.text if spelling and not corrected else None
    return SearchResult(query=query, total=total, hits=hits, facets=facet_json(counts), suggestion=suggestion,
                        corrected=corrected)


def ranked_rows(engine: Engine, plan: Plan, limit: int, offset: int, facets: bool):
    """The best candidates, re-ranked by the rules of `relevance`, one page of them."""
    depth = max(relevance.RERANK_DEPTH, offset + limit)
    total, rows, counts = engine.candidates(relevance.match_query(plan, engine), depth,
                                            relevance.coverage_marks(plan, engine), facets=facets)
    by_key = {row.docnum: row for row in rows}
    ordered = relevance.rerank([relevance.candidate(row) for row in rows], relevance.word_weights(plan, engine))
    page = [by_key[c.key] for c in ordered[offset:offset + limit]]
    for row, c in zip(page, ordered[offset:offset + limit]):
        row.score, row.fields = c.score, engine.stored(row.docnum)  # the stored fields only for the page shown
    return total, page, counts


def related(engine: Engine, path: str, line: int, limit: int = 5) -> list[Hit]:
    """More like this: sections that share the most telling words of the section at path:line."""
    docnum = engine.section_docnum(path, line)
    if docnum is None:
        raise BadQuery(f"no indexed section at {path}:{line}")
    return [to_hit(engine, row, set()) for row in engine.more_like(docnum, top=limit)]


def make_plan(engine: Engine, query: str, filters: Filters | None = None, conjunctive: bool = False) -> Plan:
    """The user's query and filters as a Plan (the rules are in `relevance.make_plan`)."""
    filters = filters or Filters()
    try:
        return relevance.make_plan(engine, query, filters.fields, filters.since, filters.until, conjunctive,
                                   aliases=alias_table(engine))
    except QueryDateError as exc:
        raise BadQuery(str(exc)) from None


def all_sections(engine: Engine, sort: str = "date-asc") -> list[Row]:
    """Every section of the index, in date order (overviews)."""
    return engine.all_rows(relevance.match_query(Plan(), engine), sort=sort)


def to_hit(engine: Engine, row: Row, terms: set[str], marks: bool = False) -> Hit:
    f = row.fields
    snippet = engine.snippet(f.get("body", ""), terms)
    facets = engine.summary_of(row.docnum)
    return Hit(
        path=f["path"], series=f.get("series", ""), date=f.get("iso_date"), title=f.get("title", ""),
        heading=f.get("heading", ""), line=f.get("line", 1), score=round(row.score, 3),
        snippet=snippet if marks else strip_marks(snippet),
        entities={t: list(facets.get(t) or []) for t in ENTITY_TYPES}, root=f.get("root", ""),
    )


def facet_json(counts: Mapping[str, Counter]) -> dict[str, dict[str, int]]:
    """Counts as the contract shows them: most frequent first, then by name."""
    out: dict[str, dict[str, int]] = {}
    for name in ("series", "year") + ENTITY_TYPES:
        counter = counts.get(name) or Counter()
        if name == "year":
            ordered = sorted(counter.items(), key=lambda kv: kv[0], reverse=True)
        else:
            ordered = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0].lower()))
        out[name] = dict(ordered)
    return out


#: A query word in at most this many sections may be a typo...
RARE_WORD = 3
#: ...when a word one or two edits away is in this many times as many sections (any, if it is in none).
RESPELL_RATIO = 10


def to_search(text: str, spelling: Respelling | None, as_typed: bool = False) -> str:
    """The text to search: the respelling when a word of `text` is in no section (and not `as_typed`)."""
    return spelling.text if spelling and spelling.unseen and not as_typed else text


@dataclass(frozen=True)
class Respelling:
    """A query with its mistyped-looking words respelled; `unseen`: one of them is in no section."""

    text: str
    unseen: bool


def respell(engine: Engine, text: str) -> Respelling | None:
    """The query with each mistyped-looking word replaced by the index's likeliest spelling.

    Asked even when other words matched ("zookeper outage" finds outages, but the
    user meant ZooKeeper), and even when the typo itself is in a few sections:
    minutes have typos too. Numbers, short words and AND/OR/NOT are left alone.
    """
    if not text.strip():
        return None
    unseen = False

    def replace(match: re.Match[str]) -> str:
        nonlocal unseen
        word = match.group(0)
        if word in ("AND", "OR", "NOT") or ":" in (text[match.end():match.end() + 1], text[match.start() - 1:match.start()]):
            return word  # operators, field names and field values are not prose
        seen = engine.frequency(word)
        other = respelling(engine, word, seen)
        unseen = unseen or (other is not None and seen == 0)
        return other or word

    respelled = re.sub(r"\b[^\W\d_]{4,}\b", replace, text)
    return Respelling(respelled, unseen) if respelled != text else None


def respelling(engine: Engine, word: str, seen: int | None = None) -> str | None:
    """The closest much more frequent word, when `word` is rare (`seen`: its frequency).

    Closest first ("rookfy" is one edit from "rookify", two from the commoner "rook"),
    then the most frequent: the order of the engine's suggestions. A word that is
    rare itself is taken only when there is nothing else: minutes have typos too,
    and one typo is no better a respelling than another.
    """
    seen = engine.frequency(word) if seen is None else seen
    if seen > RARE_WORD:
        return None
    wanted = RESPELL_RATIO * seen if seen else 1
    counted = [(o, engine.frequency(o)) for o in engine.suggest(word) if o.lower() != word.lower()]
    frequent = [o for o, n in counted if n >= wanted]
    common = [o for o, n in counted if n >= wanted and n > RARE_WORD]
    return (common or frequent or [None])[0]


# -- timeline -------------------------------------------------------------------
def timeline(engine: Engine, topic: str, by: str = "month", filters: Filters | None = None,
             as_typed: bool = False) -> Timeline:
    """Every section that mentions `topic`, oldest first, with counts per period.

    A word of the topic that no section holds is respelled, as in search.
    """
    if by not in PERIODS:
        raise BadQuery(f"--by takes one of {', '.join(PERIODS)}, not {by!r}")
    searched = to_search(topic, respell(engine, topic), as_typed)
    plan = topic_plan(engine, searched, filters)
    try:
        rows = topic_rows(engine, plan)
    except QuerySyntaxError as exc:
        raise BadQuery(str(exc)) from None
    rows.sort(key=lambda r: (r.fields.get("iso_date") or "9999", r.fields["path"], r.fields.get("line", 0)))
    words = [w.lower() for w in re.findall(r"\w[\w.-]*", plan.text) if w not in ("AND", "OR", "NOT")]
    events = [
        Event(date=r.fields.get("iso_date"), path=r.fields["path"], series=r.fields.get("series", ""),
              heading=r.fields.get("heading", ""), line=r.fields.get("line", 1),
              snippet=quick_snippet(r.fields.get("body", ""), words))
        for r in rows
    ]
    return Timeline(topic=topic, total=len(events), buckets=buckets(events, by), events=events,
                    corrected=searched if searched != topic else None)


def topic_rows(engine: Engine, plan: Plan) -> list[Row]:
    """The sections a timeline lists: those that match the topic itself, and those that write one
    of its equivalents as it is written (not a word that only shares its stem, see
    `relevance.written_forms`)."""
    rows = engine.all_rows(relevance.match_query(plan, engine), sort="date-asc")
    forms = relevance.written_forms(plan)
    if not forms:
        return rows
    direct = engine.mask(relevance.match_query(replace(plan, equivalents=[]), engine, scoring=False))
    return [r for r in rows if direct[r.docnum] or relevance.writes_one_of(_written(r), forms)]


def _written(row: Row) -> str:
    """A section's text as written and its heading as read (`<font>Sovereign</font> <font>Cloud Stack</font>`)."""
    heading = row.fields.get("heading", "")
    return f'{heading}\n{plain_text(heading)}\n{row.fields.get("body", "")}'


def topic_plan(engine: Engine, topic: str, filters: Filters | None = None) -> Plan:
    """A timeline's plan (the rules are in `relevance.topic_plan`)."""
    filters = filters or Filters()
    try:
        return relevance.topic_plan(engine, topic, filters.fields, filters.since, filters.until, alias_table(engine))
    except QueryDateError as exc:
        raise BadQuery(str(exc)) from None


_ALIAS_TABLES: dict[str, AliasTable] = {}


def alias_table(engine: Engine) -> AliasTable:
    """The index's alias table (learned from its corpus, with the user's overrides), read once per generation."""
    key = str(engine.generation)
    if key not in _ALIAS_TABLES:
        _ALIAS_TABLES.clear()
        _ALIAS_TABLES[key] = AliasTable(engine.alias_groups())
    return _ALIAS_TABLES[key]


def quick_snippet(text: str, words: Sequence[str], chars: int = 160) -> str:
    """A passage around the first line that mentions one of `words`, without re-analysing the text.

    Timelines list hundreds of sections; the analyser-based snippet of a search hit
    would cost more than the whole query.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return ""
    lowered = [line.lower() for line in lines]
    stems = [w[: max(4, len(w) - 2)] for w in words if w]
    start = next((i for i, line in enumerate(lowered) if any(s in line for s in stems)), 0)
    passage = " ".join(lines[start:start + 3])
    return passage[:chars] + ("..." if len(passage) > chars else "")


def buckets(events: Sequence[Event], by: str) -> list[dict]:
    counts: Counter = Counter()
    for event in events:
        counts[period_of(event, by)] += 1
    return [{"period": period, "count": n} for period, n in sorted(counts.items())]


def period_of(event: Event, by: str) -> str:
    if by == "meeting":
        return f"{event.date or 'undated'} {event.series}"
    if not event.date:
        return "undated"
    return event.date[:7] if by == "month" else event.date[:4]


# -- decisions ----------------------------------------------------------------------
def decisions(engine: Engine, query: str = "", actions: bool = False, filters: Filters | None = None,
              owner: str | None = None, show_all: bool = False) -> list[LoggedItem]:
    """Decisions (or action items) recorded in the minutes, newest first.

    With a query, only items whose own text or heading holds every word of it are listed
    (a word elsewhere in a long section says nothing about the item); the index first
    narrows the sections, all words or, when no section holds them all, most. Items
    below the confidence cut are left out unless ``show_all``; ``owner`` takes any form
    of a person (handle, full name, first name).
    """
    kind = "action" if actions else "decision"
    words = topic_words(query)
    items: list[LoggedItem] = []
    for conjunctive in (True, False) if query.strip() else (False,):
        rows = _item_rows(engine, query, filters, actions, conjunctive)
        items = [i for row in rows for i in _logged_items(row, kind)
                 if (show_all or i.confidence >= CONFIDENT) and _about(i, words)
                 and (not owner or any(same_person(owner, o) for o in i.owners))]
        if items:
            break
    items.sort(key=lambda i: (i.date or "", i.path, -i.line), reverse=True)
    return fold_repeats(items)


def fold_repeats(items: list[LoggedItem]) -> list[LoggedItem]:
    """An item written again in later meetings of its series (a carried-over agenda text) is listed
    once, at its newest meeting, with the earlier ones in ``earlier``: a log of one decision
    three times reads as three decisions. ``items`` are newest first."""
    kept: dict[tuple[str, str, str], LoggedItem] = {}
    out = []
    for item in items:
        key = (item.kind, item.series, " ".join(item.text.casefold().split()))
        first = kept.get(key)
        if first is not None and first.path != item.path:
            first.earlier.append(f"{item.date or 'undated'} {item.path}:{item.line}")
            continue
        kept.setdefault(key, item)
        out.append(item)
    return out


def _item_rows(engine: Engine, query: str, filters: Filters | None, actions: bool, conjunctive: bool) -> list[Row]:
    plan = make_plan(engine, query, filters, conjunctive=conjunctive)
    plan.require = ("has_action",) if actions else ("has_decision",)
    try:
        return engine.all_rows(relevance.match_query(plan, engine), sort="date")
    except QuerySyntaxError as exc:
        raise BadQuery(str(exc)) from None


def _logged_items(row: Row, kind: str) -> Iterator[LoggedItem]:
    """The items a section row stores (older indexes stored neither confidence nor status)."""
    f = row.fields
    for stored in f.get("items") or ():
        item_kind, text, line, owners = stored[:4]
        if item_kind != kind:
            continue
        yield LoggedItem(kind=item_kind, text=text, date=f.get("iso_date"), path=f["path"],
                         series=f.get("series", ""), heading=f.get("heading", ""), line=line, owners=list(owners),
                         confidence=stored[4] if len(stored) > 4 else 1.0, status=stored[5] if len(stored) > 5 else "")


_TOPIC_WORD = re.compile(r"[^\W_]+(?:[.\-][^\W_]+)*")


def topic_words(query: str) -> list[str]:
    """The plain words of a query (no field:value, no operators, no negated words), lower case."""
    out = []
    for token in query.split():
        if ":" in token or token.startswith("-") or token in ("AND", "OR", "NOT"):
            continue
        out += [w.lower() for w in _TOPIC_WORD.findall(token)]
    return out


def _about(item: LoggedItem, words: list[str]) -> bool:
    """Does the item's text or heading hold every word (or a word of the same stem)?"""
    if not words:
        return True
    have = {w.lower() for w in _TOPIC_WORD.findall(f"{item.text} {item.heading}")}
    return all(any(_same_stem(w, h) for h in have) for w in words)


def _same_stem(a: str, b: str) -> bool:
    if a == b:
        return True
    n = len(a)
    return n >= 4 and b.startswith(a[: max(4, n - 2)]) and abs(len(b) - n) <= 3


def owners_of(items: Iterable[LoggedItem]) -> dict[str, list[LoggedItem]]:
    """Action items grouped by owner ("" for items nobody took), each group's open items first.

    Open means the minutes do not say it is done (a ticked box, "done"); within that,
    newest first as the log is.
    """
    groups: dict[str, list[LoggedItem]] = defaultdict(list)
    for item in items:
        for who in item.owners or [""]:
            groups[who].append(item)
    for group in groups.values():
        group.sort(key=lambda i: i.status == "done")  # stable: keeps newest first within open and done
    return dict(groups)


# -- facets of a narrowed search ------------------------------------------------------------------
def widened_facets(engine: Engine, query: str, filters: Filters, counts: Mapping[str, dict[str, int]],
                   as_typed: bool = False) -> dict[str, dict[str, int]]:
    """Facet counts where each field with a selection is counted without its own selection.

    A facet list that counted only within its own selection would offer nothing
    else, so one could narrow but never widen again; the other fields keep `counts`.
    """
    out = dict(counts)
    for name, values in filters.fields.items():
        if values:
            others = Filters(fields={n: v for n, v in filters.fields.items() if n != name},
                             since=filters.since, until=filters.until)
            out[name] = search(engine, query, limit=0, filters=others, as_typed=as_typed).facets.get(name, {})
    return out


# -- queries that cannot be read as typed -----------------------------------------------------------
@dataclass(frozen=True)
class Repaired:
    """A query with what cannot be read taken out (`text`), and what that was, one phrase each (`problems`)."""

    text: str
    problems: tuple[str, ...] = ()


_OPERATOR = re.compile(r"^(AND|OR|NOT)$")


def repair_syntax(text: str) -> Repaired:
    """Unclosed quotes and parentheses, stray `)` and operators with nothing to join, taken out.

    A malformed query should say what is wrong and still search what it can, not
    match nothing without a word of explanation.
    """
    problems: list[str] = []
    if text.count('"') % 2:
        cut = text.rfind('"')
        text = text[:cut] + " " + text[cut + 1:]
        problems.append('an unclosed "')
    kept, opened, stray = _balance_parentheses(text)
    if opened:
        problems.append(f"{opened} unclosed (" if opened > 1 else "an unclosed (")
    if stray:
        problems.append(f"{stray} ) without a (" if stray > 1 else "a ) without a (")
    kept = re.sub(r"\(\s*\)", " ", kept)
    words = kept.split()
    while words and _OPERATOR.match(words[-1]):
        problems.append(f"{words.pop()} at the end, with nothing after it")
    while words and words[0] in ("AND", "OR"):
        problems.append(f"{words.pop(0)} at the start, with nothing before it")
    return Repaired(" ".join(words) if problems else text, tuple(problems))


def _balance_parentheses(text: str) -> tuple[str, int, int]:
    """`text` with unmatched parentheses (outside quotes) removed; how many ( and ) were unmatched."""
    chars = list(text)
    open_at: list[int] = []
    stray = 0
    quoted = False
    for n, char in enumerate(chars):
        if char == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif char == "(":
            open_at.append(n)
        elif char == ")":
            if open_at:
                open_at.pop()
            else:
                chars[n] = " "
                stray += 1
    for n in open_at:
        chars[n] = " "
    return "".join(chars), len(open_at), stray
