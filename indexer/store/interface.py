"""The seam between the query side and the engine: a query tree of plain values, and rows back.

The query side (`indexer.relevance`) decides what matches and how it scores by building
a tree of these nodes; the engine (`store.search.Engine`) only translates the tree into
its own queries and runs them. A second engine implements the same few methods
(candidates with coverage, facet counts, rows in date order, snippets, vocabulary)
and inherits every search rule. Nothing here imports the engine's library.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Union


@dataclass(frozen=True)
class Text:
    """A text in the query language (words, "phrases", AND/OR/NOT, field:value), parsed by the engine.

    `all_words`: every word must match (else any, with the engine's coordination);
    `boost`: the weight of the whole (None: as the text says).
    """

    text: str
    all_words: bool = False
    boost: float | None = None


@dataclass(frozen=True)
class Values:
    """A field holds one of these values, as the field's own analyser turns them into terms.

    `boost` 0 makes it a condition that does not score (filters); an empty value list matches nothing.
    """

    field: str
    values: tuple[str, ...]
    boost: float = 0.0


@dataclass(frozen=True)
class Terms:
    """Any of these index terms, as the engine gave them (`QueryWord.terms`)."""

    terms: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class DateSpan:
    """The meeting's day lies within since..until (either may be open)."""

    since: date | None = None
    until: date | None = None


@dataclass(frozen=True)
class Flag:
    """A boolean field is true (`has_decision`)."""

    name: str


@dataclass(frozen=True)
class AllOf:
    parts: tuple["Node", ...]


@dataclass(frozen=True)
class AnyOf:
    parts: tuple["Node", ...]


@dataclass(frozen=True)
class Optional:
    """`required` decides the matches; `extra` only adds to the score of those that also match it."""

    required: "Node"
    extra: "Node"


Node = Union[Text, Values, Terms, DateSpan, Flag, AllOf, AnyOf, Optional]


@dataclass(frozen=True)
class QueryWord:
    """A free word of a query as the index holds it: one key across fields, its terms, how common it is."""

    key: str  # the word as every text field agrees on it (a stem)
    terms: tuple[tuple[str, str], ...]  # (field, term) pairs of the query that stand for this word
    frequency: int  # sections that hold it in the heading or the notes


@dataclass
class Row:
    """One matching section, straight from the index."""

    docnum: int
    score: float
    fields: dict[str, Any]
    marks: set[str] = field(default_factory=set)  # names of the `marks` nodes it matches (candidates only)


__all__ = ["AllOf", "AnyOf", "DateSpan", "Flag", "Node", "Optional", "QueryWord", "Row", "Terms", "Text", "Values"]
