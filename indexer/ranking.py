"""Re-ranking the engine's best candidates: engine-neutral, pure functions.

BM25F finds and scores candidates; four ideas from IR practice then reorder the
top of the list:

- **coverage**: a section that has the query's rare words beats one that has only
  its common ones ("rookify status": a section on rookify beats one on the status
  page). Each query word counts by its IDF.
- **the topic's moment**: a decision is discussed over several meetings close
  together, so sections from the weeks around the best hit rise.
- **intent**: when the query asks for decisions, sections that record one rise;
  when it asks why, sections that give reasons do.
- **one meeting, one voice**: near-duplicate sections of one file are folded, and
  each further hit from the same file counts a little less, so a single meeting
  does not fill the first page.
"""
from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Callable

#: How strongly missing query words (by IDF) pull a section down.
COVERAGE_POWER = 2.0
#: Each further hit from the same file is worth this much of the one before.
SAME_FILE_DECAY = 0.75
#: Sections of one file whose word sets overlap this much are one hit.
NEAR_DUPLICATE = 0.8
#: Lift for a section that records a decision, when the query asks for decisions.
DECISION_LIFT = 1.3
#: Lift for a section with a word the query's intent asks for ("why" -> reason, because).
INTENT_LIFT = 1.3

#: Lift for a section held on the day of the best hit (it fades with the distance in time).
TIME_LIFT = 2.0
#: Days from the best hit at which the time lift has fallen to a third (a Gaussian's scale).
TIME_SCALE_DAYS = 45.0

_WORDS = re.compile(r"\w+")


@dataclass
class Candidate:
    key: object  # the engine's handle for the document
    score: float
    file: str
    text: str | Callable[[], str]  # the section's text, or how to read it (only near duplicates need it)
    covered: set[str] = field(default_factory=set)  # query words the section has
    has_decision: bool = False
    lifted: bool = False
    day: date | None = None

    def read_text(self) -> str:
        return self.text() if callable(self.text) else self.text


def coverage(covered: set[str], weights: dict[str, float]) -> float:
    total = sum(weights.values())
    if not total:
        return 1.0
    return sum(w for word, w in weights.items() if word in covered) / total


def idf(doc_frequency: int, documents: int) -> float:
    return math.log(1 + (documents - doc_frequency + 0.5) / (doc_frequency + 0.5))


def rerank(candidates: list[Candidate], weights: dict[str, float], wants_decisions: bool = False) -> list[Candidate]:
    """Order candidates by coverage-weighted score, fold duplicates, spread files."""
    for c in candidates:
        c.score *= coverage(c.covered, weights) ** COVERAGE_POWER
        if wants_decisions and c.has_decision:
            c.score *= DECISION_LIFT
        if c.lifted:
            c.score *= INTENT_LIFT
    ordered = sorted(candidates, key=lambda c: -c.score)
    ordered = sorted(lift_topic_time(ordered), key=lambda c: -c.score)
    return spread_files(fold_duplicates(ordered))


def lift_topic_time(ordered: list[Candidate]) -> list[Candidate]:
    """Lift sections from the weeks around the best hit.

    A decision is talked about over several meetings close together: the best
    match says when, and sections near that time rise relative to ones from other
    years that share the words. (Dating the topic by the top few hits instead did
    worse on the dev queries: the second and third best are often from another year.)
    """
    anchor = ordered[0].day if ordered else None
    if anchor is None or TIME_LIFT <= 0:
        return ordered
    for c in ordered:
        if c.day is not None:
            c.score *= 1 + TIME_LIFT * math.exp(-(((c.day - anchor).days / TIME_SCALE_DAYS) ** 2))
    return ordered


def fold_duplicates(ordered: list[Candidate]) -> list[Candidate]:
    """Drop a section that repeats a better one of the same file (slides and notes, copied agendas).

    Only files with several candidates can hold a duplicate, so only their texts are split into words.
    """
    per_file = Counter(c.file for c in ordered)
    kept: list[Candidate] = []
    seen: dict[str, list[set[str]]] = {}
    for c in ordered:
        if per_file[c.file] > 1:
            words = set(_WORDS.findall(c.read_text().lower()))
            if words and any(jaccard(words, other) >= NEAR_DUPLICATE for other in seen.get(c.file, [])):
                continue
            seen.setdefault(c.file, []).append(words)
        kept.append(c)
    return kept


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


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0
