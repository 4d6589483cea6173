"""The query tree (store/interface.py) in Whoosh's terms: parsed texts, terms, dates, flags.

One job: turn the plain nodes the query side builds into Whoosh queries. It decides
nothing about what matches or how it ranks; `indexer.relevance` does.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from whoosh.qparser import AndGroup, FieldsPlugin, MultifieldParser, OrGroup, PlusMinusPlugin
from whoosh.query import And, AndMaybe, DateRange, NullQuery, Or, Phrase, Query, Term

from ..errors import QuerySyntaxError
from ..model import ENTITY_TYPES
from .interface import AllOf, AnyOf, DateSpan, Flag, Node, Optional, Terms, Text, Values

#: Free words are looked for in these fields (BM25F; their boosts are in the schema).
TEXT_FIELDS = ("heading", "body", "entity_text")
#: Fields a query may name (`project:ovn`, `heading:zuul`); anything else is an error.
USER_FIELDS = TEXT_FIELDS + ENTITY_TYPES + ("series", "year")
#: Parsed queries kept per open index (a parse depends only on the text and the schema).
PARSE_CACHE = 512


class Translator:
    """Whoosh queries for query trees, over one schema (parses are kept)."""

    def __init__(self, schema):
        self.schema = schema
        self._parsers = {False: self._make_parser(OrGroup.factory(0.9)), True: self._make_parser(AndGroup)}
        self._parsed: dict[tuple[str, bool], Query] = {}

    def translate(self, node: Node) -> Query:
        """The Whoosh query of a query tree."""
        if isinstance(node, Text):
            query = self.parse_text(node.text, node.all_words)
            return query if node.boost is None else query.with_boost(node.boost)
        if isinstance(node, Values):
            terms = self._value_terms(node)
            return Or(terms) if terms else NullQuery
        if isinstance(node, Terms):
            return Or([Term(f, t) for f, t in node.terms]) if node.terms else NullQuery
        if isinstance(node, AllOf):
            parts = [self.translate(p) for p in node.parts]
            return And(parts) if len(parts) > 1 else parts[0]
        if isinstance(node, AnyOf):
            return self._any_of(node)
        if isinstance(node, Optional):
            return AndMaybe(self.translate(node.required), self.translate(node.extra))
        if isinstance(node, DateSpan):
            return _date_range(node)
        if isinstance(node, Flag):
            return Term(node.name, True)
        raise TypeError(f"not a query node: {node!r}")

    def _any_of(self, node: AnyOf) -> Query:
        """Alternatives whose scores add up; a value list counts as one alternative per term."""
        parts: list[Query] = []
        for part in node.parts:
            parts.extend(self._value_terms(part) if isinstance(part, Values) else [self.translate(part)])
        if not parts:
            return NullQuery
        return parts[0] if len(parts) == 1 else Or(parts)

    def _value_terms(self, node: Values) -> list[Query]:
        return [Term(node.field, term, boost=node.boost) for value in node.values for term in self.field_terms(node.field, value)]

    def _make_parser(self, group) -> MultifieldParser:
        parser = MultifieldParser(list(TEXT_FIELDS), self.schema, group=group)
        parser.remove_plugin_class(FieldsPlugin)
        parser.add_plugin(FieldsPlugin(remove_unknown=True))
        parser.remove_plugin_class(PlusMinusPlugin)
        return parser

    def field_terms(self, fieldname: str, value: str) -> list[str]:
        """A filter value as the field's own analyser turns it into terms."""
        if fieldname not in self.schema:
            return []
        return list(dict.fromkeys(self.schema[fieldname].process_text(value, mode="query")))

    def parse_text(self, text: str, all_words: bool = False) -> Query:
        """The Whoosh query for a text; one search parses the same text several times, so parses are kept."""
        key = (text, all_words)
        query = self._parsed.get(key)
        if query is None:
            try:
                query = self._fit_phrases(self._parsers[all_words].parse(text))
            except Exception as exc:  # Whoosh raises assorted errors on odd input
                raise QuerySyntaxError(f"could not understand the query {text!r}: {exc}") from None
            _check_fields(query)
            if len(self._parsed) >= PARSE_CACHE:
                self._parsed.clear()
            self._parsed[key] = query
        return query

    def _fit_phrases(self, query: Query) -> Query:
        """A phrase in a field kept without positions (heading, entities) becomes 'all these words'."""
        if isinstance(query, Phrase):
            field_type = self.schema[query.fieldname] if query.fieldname in self.schema else None
            if field_type is None or not field_type.format.supports("positions"):
                return And([Term(query.fieldname, w, boost=query.boost) for w in query.words])
            return query
        return query.apply(self._fit_phrases)


def _date_range(span: DateSpan) -> Query:
    """Whole days: `until` takes in the last microsecond of its day."""
    start = datetime.combine(span.since, datetime.min.time()) if span.since else None
    end = (datetime.combine(span.until, datetime.min.time()) + timedelta(days=1) - timedelta(microseconds=1)
           if span.until else None)
    return DateRange("date", start, end)


def _check_fields(query: Query) -> None:
    """Only text and entity fields may be named in a query; dates go through date:/after:/before:."""
    for leaf in query.leaves():
        fieldname = getattr(leaf, "fieldname", None)
        if fieldname and fieldname not in USER_FIELDS:
            raise QuerySyntaxError(f"{fieldname}: cannot be searched like that; use words, "
                                   f"{', '.join(f + ':' for f in USER_FIELDS[3:])} or date:/after:/before:")
