"""Every search rule, in one place: what a query matches, and how the matches are ordered.

The engine (`indexer.store`) only runs what this module builds: a tree of plain query
nodes (`store.interface`) and, for re-ranking, the names of the query words each of the
best candidates holds. The rules:

- **plan**: the user's query taken apart (`querylang`) with the filters into a `Plan`;
- **all words**: a section with every word of the query scores COORDINATION_BOOST more;
- **synonyms**: acronyms and long forms (shipped, and learned from the corpus: `aliases`)
  count as the words they stand for;
- **topics** (timelines): a topic the minutes write as a phrase is that phrase or one of its
  aliases, clipped words written in full ("collab" -> "collaborator") or run together;
- **re-ranking** of the best RERANK_DEPTH candidates: coverage of the query's rare words,
  a lift for the weeks around the best hit, and a decay for further hits from one file.

Each part and constant was measured per community on the development queries of four
communities (`evaluation/ablate.py`; the table is in the README); a part stays only where
it helps across them, and constants were chosen leaving one community out. Parts measured
and left out: a rule that common words never match alone, lifts for decision sections and
"why" questions, near-duplicate folding (no effect in any community), term proximity (mixed).
"""
from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Mapping, Protocol, Sequence

from .aliases import AliasTable
from .querylang import parse_query
from .store.interface import (AllOf, AnyOf, DateSpan, Flag, Node, Optional, QueryWord, Row, Terms, Text,
                              Values)

# -- matching -------------------------------------------------------------------------------
#: A section that has every word of the query scores this much more than one with most of them.
COORDINATION_BOOST = 1.0
#: Weight of a match on an acronym's long form (or the acronym of a long form in the query).
EQUIVALENT_BOOST = 1.0
#: Weight of an issue reference matched in the issue field (the number alone also matches as a word).
ENTITY_MATCH_BOOST = 3.0
#: Term proximity: a section whose notes hold the query's words within PROXIMITY_SLOP positions
#: of each other (in order) scores this much more (0: off).
PROXIMITY_BOOST = 0.0
PROXIMITY_SLOP = 3

# -- re-ranking -----------------------------------------------------------------------------
#: How many of the best matches the re-ranker sees.
RERANK_DEPTH = 100
#: How strongly missing query words (by IDF) pull a section down.
COVERAGE_POWER = 1.0
#: Each further hit from the same file is worth this much of the one before.
SAME_FILE_DECAY = 0.75
#: Lift for a section held on the day of the best hit (it fades with the distance in time).
TIME_LIFT = 3.0
#: Days from the best hit at which the time lift has fallen to a third (a Gaussian's scale).
TIME_SCALE_DAYS = 90.0


class Vocabulary(Protocol):
    """What the rules ask of the engine about its words."""

    def query_words(self, text: str) -> list[QueryWord]: ...
    def term_count(self, text: str) -> int: ...
    def frequency(self, word: str, fields: tuple[str, ...] = ...) -> int: ...
    def section_count(self) -> int: ...
    def terms(self, fieldname: str) -> list[str]: ...
    def longer_words(self, word: str, limit: int = ...) -> list[str]: ...
    def facet_counts(self, query: Node, facets: bool = ...) -> tuple[int, dict[str, Counter]]: ...


@dataclass
class Plan:
    """What to find, in plain values: the free query and the conditions on fields."""

    text: str = ""
    must: dict[str, list[str]] = field(default_factory=dict)  # field -> any of these values
    conditions: list[tuple[str, str]] = field(default_factory=list)  # (field, value): each one must hold
    since: date | None = None
    until: date | None = None
    kind: str = "section"
    require: tuple[str, ...] = ()  # boolean fields that must be true ("has_decision")
    conjunctive: bool = False  # every word must match (timelines), not just most
    should: dict[str, list[str]] = field(default_factory=dict)  # field -> values that also count as a match
    equivalents: list[tuple[str, str]] = field(default_factory=list)  # (words of the query, other words for them)


# -- the plan -------------------------------------------------------------------------------
def make_plan(vocab: Vocabulary, query: str, fields: Mapping[str, Sequence[str]] | None = None,
              since: date | None = None, until: date | None = None, conjunctive: bool = False,
              aliases: AliasTable | None = None) -> Plan:
    """The user's query and filters as a Plan: dates, issues, conditions and question words taken apart.

    Raises `querylang.QueryDateError` for a malformed date operator.
    """
    parsed = parse_query(query)
    since = max(d for d in (since, parsed.since) if d) if (since or parsed.since) else None
    until = min(d for d in (until, parsed.until) if d) if (until or parsed.until) else None
    must = {name: resolve_values(vocab, name, values) for name, values in (fields or {}).items()}
    conditions = [(name, resolve_values(vocab, name, [value])[0]) for name, value in parsed.conditions]
    return Plan(text=parsed.text, must=must, conditions=conditions, since=since, until=until, conjunctive=conjunctive,
                should={"issue": parsed.issues} if parsed.issues else {},
                equivalents=equivalents(parsed.text, parsed.equivalents, aliases, whole_query=conjunctive))


def equivalents(text: str, shipped: Sequence[tuple[str, str]], aliases: AliasTable | None,
                whole_query: bool = False) -> list[tuple[str, str]]:
    """Other ways to write the query: the shipped acronyms and the index's learned aliases.

    With ``whole_query`` (a timeline: every word must match) an acronym of part of the query
    stands in for that part only ("End User WG" -> "End User working group"), never alone,
    or "working group" would bring every group's sections into the timeline. A search uses
    a learned alias only for the query as a whole ("GATs"): one for a part of it ("scs" in
    "what is an scs release") lifts sections for a word the query does not stress.
    """
    found = list(shipped)
    if whole_query:
        found = [(text, other) for other in (substituted(text, part, o) for part, o in shipped) if other]
    if aliases is not None and '"' not in text and not re.search(r"\b(?:AND|OR|NOT)\b|[():*?~^]", text):
        found.extend(aliases.equivalents(text, parts=whole_query))
    return list(dict.fromkeys(found))


def substituted(text: str, part: str, other: str) -> str | None:
    """``text`` with the words ``part`` replaced by ``other`` (None when ``part`` is not in it)."""
    new, n = re.subn(rf"(?<![\w-]){re.escape(part)}(?![\w-])", other, text, count=1, flags=re.I)
    return new if n else None


# -- topics (timelines) ----------------------------------------------------------------------
#: A clipped word's longer form counts when the phrase with it is in this many sections.
CLIPPED_MIN_SECTIONS = 3


def topic_plan(vocab: Vocabulary, topic: str, fields: Mapping[str, Sequence[str]] | None = None,
               since: date | None = None, until: date | None = None, aliases: AliasTable | None = None) -> Plan:
    """A timeline's plan: a topic of several words that the minutes write as a phrase is that phrase
    (or one of its aliases), not its words anywhere in a section ("End User WG", not "end" and "user"
    and "WG" in three unrelated lines); other topics are all their words."""
    if len(topic.split()) >= 2 and not re.search(r'["():*?~^]|\b(?:AND|OR|NOT)\b|\w:', topic):
        quoted = make_plan(vocab, f'"{topic}"', fields, since, until, conjunctive=True)
        quoted.equivalents = equivalents(topic, parse_query(topic).equivalents, aliases, whole_query=True)
        quoted.equivalents += clipped_forms(vocab, topic, fields, since, until)
        if vocab.facet_counts(match_query(quoted, vocab, scoring=False), facets=False)[0]:
            return quoted
    return make_plan(vocab, topic, fields, since, until, conjunctive=True, aliases=aliases)


def written_forms(plan: Plan) -> list[re.Pattern[str]]:
    """Each equivalent of a timeline's topic as the minutes must write it to count.

    The index stems hard: "inclusivity" and "inclusion" share a stem, so the phrase
    "diversity and inclusion" also finds "Diversity and Inclusivity". A section found only
    through an equivalent must write it with no more than inflections (types, upgraded,
    policies), its words apart by anything but letters ("cluster-api", "ClusterAPI"). A word
    the topic clipped ("collab" for "collaborator") stands for every word it begins.
    """
    return [_written_form(other, topic) for topic, other in plan.equivalents if re.search(r"[^\W_]", other)]


def _written_form(words: str, topic: str) -> re.Pattern[str]:
    typed = [w.lower() for w in re.findall(r"[^\W_]+", topic)]
    parts = []
    for word in (w.lower() for w in re.findall(r"[^\W_]+", words)):
        clipped = next((t for t in typed if len(t) >= 4 and word.startswith(t) and word != t), None)
        parts.append(re.escape(clipped) + r"\w*" if clipped else _inflected(word))
    return re.compile(r"(?<![^\W_])" + r"[\W_]*".join(parts) + r"(?![^\W_])", re.I)


def _inflected(word: str) -> str:
    """A word with its inflections only (plural, -ed, -ing, possessive), not its derivations."""
    if len(word) <= 3 or not word.isalpha():
        return re.escape(word) + r"(?:s|es|'s|’s)?"
    if word.endswith("ies"):
        word = word[:-3] + "y"  # dependencies -> dependency
    elif word.endswith(("sses", "xes", "ches", "shes", "zes")):
        word = word[:-2]  # processes -> process
    elif word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    if word.endswith("y"):
        return re.escape(word[:-1]) + r"(?:y|ies|ied|ying|y's|y’s)"
    if word.endswith("e"):
        return re.escape(word[:-1]) + r"(?:e|es|ed|ing|e's|e’s)"
    return re.escape(word) + rf"(?:{re.escape(word[-1])}?(?:ed|ing)|s|es|'s|’s)?"


def writes_one_of(text: str, forms: Sequence[re.Pattern[str]]) -> bool:
    """Does the text write one of these forms?"""
    return any(f.search(text) for f in forms)


def clipped_forms(vocab: Vocabulary, topic: str, fields: Mapping[str, Sequence[str]] | None = None,
                  since: date | None = None, until: date | None = None) -> list[tuple[str, str]]:
    """The topic with a clipped word written in full, as the corpus writes it ("collab summit" ->
    "collaborator summit"), when that phrase recurs (minutes clip long words, queries too), and
    the topic's words run together when the index holds that word ("collabsummit")."""
    found = []
    joined = "".join(topic.split())
    if joined.isalpha() and joined != topic and vocab.frequency(joined):
        found.append((topic, joined))  # "collab summit" run together: "collabsummit"
    for word in re.findall(r"[^\W\d_]{5,}", topic):
        for longer in vocab.longer_words(word)[:3]:
            written = substituted(topic, word, longer)
            plan = make_plan(vocab, f'"{written}"', fields, since, until, conjunctive=True)
            if written and vocab.facet_counts(match_query(plan, vocab, scoring=False), facets=False)[0] \
                    >= CLIPPED_MIN_SECTIONS:
                found.append((topic, written))
    return found


def resolve_values(vocab: Vocabulary, name: str, values: Sequence[str]) -> list[str]:
    """Filter values as the index holds them: series matched without regard to case."""
    if name == "series":
        known = {s.lower(): s for s in vocab.terms("series")}
        return [known.get(v.lower(), v) for v in values]
    return list(values)


# -- matching -------------------------------------------------------------------------------
def match_query(plan: Plan, vocab: Vocabulary, scoring: bool = True) -> Node:
    """The query tree of a plan; `scoring=False` gives the same matches, cheaper (no all-words part)."""
    # Always the kind (a query that is all NOT, "NOT zuul", would match the file records too);
    # it filters and does not score.
    parts: list[Node] = [Values("kind", (plan.kind,))]
    content = content_query(plan, vocab, scoring)
    if content is not None:
        parts.append(content)
    anyof = list(plan.must.items()) + [(fieldname, [value]) for fieldname, value in plan.conditions]
    parts.extend(Values(fieldname, tuple(values)) for fieldname, values in anyof)
    if plan.since or plan.until:
        parts.append(DateSpan(plan.since, plan.until))
    parts.extend(Flag(flag) for flag in plan.require)
    return AllOf(tuple(parts)) if len(parts) > 1 else parts[0]


def content_query(plan: Plan, vocab: Vocabulary, scoring: bool = True) -> Node | None:
    """The scored part: free words (sections with all of them score more), synonyms, issue references."""
    alternatives: list[Node] = []
    if plan.text.strip():
        query: Node = Text(plan.text, all_words=plan.conjunctive)
        if scoring and not plan.conjunctive and vocab.term_count(plan.text) > 1:
            query = Optional(query, score_boosts(plan))
        alternatives.append(query)
    for _, other in plan.equivalents:
        alternatives.append(phrase(other, EQUIVALENT_BOOST))
    for fieldname, values in plan.should.items():
        alternatives.extend(Values(fieldname, (value,), boost=ENTITY_MATCH_BOOST) for value in values)
    if not alternatives:
        return None
    return alternatives[0] if len(alternatives) == 1 else AnyOf(tuple(alternatives))


def score_boosts(plan: Plan) -> Node:
    """What adds to the score of a match: every word of the query, and every word close together."""
    every = Text(plan.text, all_words=True, boost=COORDINATION_BOOST)
    if PROXIMITY_BOOST <= 0 or not is_plain(plan):
        return every
    near = Text(f'"{plan.text}"~{int(PROXIMITY_SLOP)}', all_words=True, boost=PROXIMITY_BOOST)
    return AnyOf((every, near))


def is_plain(plan: Plan) -> bool:
    """Several words and no query syntax (phrases, boolean operators, fields, wildcards)."""
    words = plan.text.split()
    return not (plan.conjunctive or len(words) < 2 or any(c in plan.text for c in '"():*?~^')
                or any(w in ("AND", "OR", "NOT") for w in words))


def phrase(words: str, boost: float | None = None) -> Text:
    """Several words as a phrase, one word as itself."""
    return Text(f'"{words}"' if " " in words else words, all_words=True, boost=boost)


def coverage_marks(plan: Plan, vocab: Vocabulary) -> dict[str, Node]:
    """For each free word of the query, what counts as holding it (its synonyms too)."""
    marks: dict[str, Node] = {w.key: Terms(w.terms) for w in vocab.query_words(plan.text)}
    for words, other in plan.equivalents:
        meaning = phrase(other)
        for word in words.split():
            for key in dict.fromkeys(w.key for w in vocab.query_words(word)):
                if key in marks:
                    marks[key] = AnyOf((marks[key], meaning))
    return marks


def idf(doc_frequency: int, documents: int) -> float:
    """BM25's inverse document frequency (the one place this project writes it)."""
    return math.log(1 + (documents - doc_frequency + 0.5) / (doc_frequency + 0.5))


def word_weights(plan: Plan, vocab: Vocabulary) -> dict[str, float]:
    """Each free word of the query (as the index holds it) with its inverse document frequency."""
    total = max(vocab.section_count(), 1)
    return {w.key: idf(w.frequency, total) for w in vocab.query_words(plan.text)}


# -- re-ranking -----------------------------------------------------------------------------
@dataclass
class Candidate:
    key: object  # the engine's handle for the document
    score: float
    file: str
    covered: set[str] = field(default_factory=set)  # query words the section has
    day: date | None = None


def candidate(row: Row) -> Candidate:
    """A candidate row of the engine (with the query words it holds) as the re-ranker sees it."""
    return Candidate(key=row.docnum, score=row.score, file=row.fields["path"], covered=set(row.marks),
                     day=_day(row.fields.get("iso_date")))


def _day(iso: str | None) -> date | None:
    try:
        return date.fromisoformat(iso) if iso else None
    except ValueError:
        return None


def coverage(covered: set[str], weights: dict[str, float]) -> float:
    total = sum(weights.values())
    if not total:
        return 1.0
    return sum(w for word, w in weights.items() if word in covered) / total


def rerank(candidates: list[Candidate], weights: dict[str, float]) -> list[Candidate]:
    """Order candidates by coverage-weighted score, lift the topic's weeks, spread files."""
    for c in candidates:
        c.score *= coverage(c.covered, weights) ** COVERAGE_POWER
    ordered = sorted(candidates, key=lambda c: -c.score)
    ordered = sorted(lift_topic_time(ordered), key=lambda c: -c.score)
    return spread_files(ordered)


def lift_topic_time(ordered: list[Candidate]) -> list[Candidate]:
    """Lift sections from the weeks around the best hit.

    A decision is talked about over several meetings close together: the best
    match says when, and sections near that time rise relative to ones from other
    years that share the words.
    """
    anchor = ordered[0].day if ordered else None
    if anchor is None or TIME_LIFT <= 0:
        return ordered
    for c in ordered:
        if c.day is not None:
            c.score *= 1 + TIME_LIFT * math.exp(-(((c.day - anchor).days / TIME_SCALE_DAYS) ** 2))
    return ordered


def spread_files(ordered: list[Candidate]) -> list[Candidate]:
    """Greedy: each further section of a file already shown counts SAME_FILE_DECAY less.

    Only the next section of the file just taken changes its worth, so a heap of each
    file's next section gives the greedy order without rescoring every candidate at each step.
    Ties go to the earlier candidate.
    """
    queues: dict[str, list[tuple[float, int]]] = {}
    for i, c in enumerate(ordered):
        queues.setdefault(c.file, []).append((-c.score, i))
    for queue in queues.values():
        queue.sort(reverse=True)  # the best last, so pop() takes it
    heap = [(*queue.pop(), file) for file, queue in queues.items()]
    heapq.heapify(heap)
    shown: dict[str, int] = {}
    out: list[Candidate] = []
    while heap:
        _, i, file = heapq.heappop(heap)
        out.append(ordered[i])
        shown[file] = shown.get(file, 0) + 1
        if queues[file]:
            neg_score, j = queues[file].pop()
            heapq.heappush(heap, (neg_score * SAME_FILE_DECAY ** shown[file], j, file))
    return out

