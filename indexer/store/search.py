"""The engine: translate a query tree into Whoosh queries, run them, count facets, make snippets.

The query side (`indexer.relevance`) decides what matches and how it ranks, and hands
over a tree of plain values (`store.interface`); this module knows only how Whoosh
finds it. It holds no search rule, so a second engine would implement these methods
and keep every rule.
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Mapping

import numpy as np
from whoosh import highlight
from whoosh.qparser import AndGroup, FieldsPlugin, MultifieldParser, OrGroup, PlusMinusPlugin
from whoosh.query import And, AndMaybe, DateRange, NullQuery, Or, Phrase, Query, Term
from whoosh.support.levenshtein import damerau_levenshtein

from ..model import ENTITY_TYPES
from .analysis import text_analyzer
from ..errors import QuerySyntaxError  # noqa: F401 (re-exported)
from .files import IndexDir
from .interface import AllOf, AnyOf, DateSpan, Flag, Node, Optional, QueryWord, Row, Terms, Text, Values
from .vectorized import Evaluator, FacetArrays, Scored, top
from .writer import open_index

#: Free words are looked for in these fields (BM25F; their boosts are in the schema).
TEXT_FIELDS = ("heading", "body", "entity_text")
#: Fields a query may name (`project:ovn`, `heading:zuul`); anything else is an error.
USER_FIELDS = TEXT_FIELDS + ENTITY_TYPES + ("series", "year")
STEMMED_FIELDS = ("heading", "body")
#: Parsed queries kept per open index (a parse depends only on the text and the schema).
PARSE_CACHE = 512
#: Before any meeting date: `date >= EARLIEST` tells dated sections from undated ones.
EARLIEST = datetime(1, 1, 1)
#: Marks around highlighted words in snippets; the UI escapes the text, then turns them into <mark>.
MARK_START, MARK_END = "\x02", "\x03"




class Engine:
    """An open index: one searcher, reused across queries until refresh()."""

    def __init__(self, index_path: Path | str):
        self.index_dir = IndexDir(index_path)
        self.generation = self.index_dir.current()
        self.ix = open_index(self.generation)
        self.searcher = self.ix.searcher()
        self._summary_column: Any = None  # the summary column reader (False: the index has none)
        self._facet_arrays: FacetArrays | None = None
        self._evaluator: Evaluator | None = None
        self._analyzer = text_analyzer()
        self._parsers = {False: self._make_parser(OrGroup.factory(0.9)), True: self._make_parser(AndGroup)}
        self._parsed: dict[tuple[str, bool], Query] = {}

    def close(self) -> None:
        self.searcher.close()

    def refresh(self) -> bool:
        """Pick up a new generation or new commits; True when anything changed."""
        gen = self.index_dir.current()
        if gen != self.generation:
            self.close()
            self.__init__(self.index_dir.path)  # type: ignore[misc]
            return True
        fresh = self.searcher.refresh()
        if fresh is not self.searcher:
            self.searcher = fresh
            self._summary_column = self._facet_arrays = self._evaluator = None
            return True
        return False

    @property
    def evaluator(self) -> Evaluator:
        """Scores queries over posting arrays (same scores as Whoosh's matchers, much faster)."""
        if self._evaluator is None:
            self._evaluator = Evaluator(self.searcher)
        return self._evaluator

    # -- the query tree in Whoosh's terms -------------------------------------------------
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
        parser = MultifieldParser(list(TEXT_FIELDS), self.ix.schema, group=group)
        parser.remove_plugin_class(FieldsPlugin)
        parser.add_plugin(FieldsPlugin(remove_unknown=True))
        parser.remove_plugin_class(PlusMinusPlugin)
        return parser

    def field_terms(self, fieldname: str, value: str) -> list[str]:
        """A filter value as the field's own analyser turns it into terms."""
        if fieldname not in self.ix.schema:
            return []
        return list(dict.fromkeys(self.ix.schema[fieldname].process_text(value, mode="query")))

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
            field_type = self.ix.schema[query.fieldname] if query.fieldname in self.ix.schema else None
            if field_type is None or not field_type.format.supports("positions"):
                return And([Term(query.fieldname, w, boost=query.boost) for w in query.words])
            return query
        return query.apply(self._fit_phrases)

    # -- running queries ------------------------------------------------------------------
    def search(self, query: Node, limit: int = 10, offset: int = 0, sort: str = "relevance",
               facets: bool = True) -> tuple[int, list[Row], dict[str, Counter]]:
        """The rows of one page by score (or date), the total and the facet counts over all matches."""
        translated = self.translate(query)
        wanted = max(offset + limit, 1)
        scored = self.evaluator.run(translated)
        if sort == "relevance":
            best = top(scored, wanted)
        else:  # in date order, each with its relevance score (Whoosh would give the sort key)
            by_date = self._by_date(translated, scored.mask, wanted, newest_first=sort == "date")
            best = [(float(scored.score[n]), n) for n in by_date]
        rows = [Row(docnum, score or 0.0, self.searcher.stored_fields(docnum)) for score, docnum in best[offset:wanted]]
        return int(scored.mask.sum()), rows, self._counts(scored, facets)

    def _by_date(self, query: Query, matched: np.ndarray, limit: int, newest_first: bool) -> list[int]:
        """The first `limit` matches in date order, undated ones last, by file and place in it.

        Whoosh sorts a missing date as the largest, so it would list undated sections first
        when the newest come first. (Its AndNot of a date range also lets dated ones through.)
        """
        dated = And([query, DateRange("date", EARLIEST, None)])
        found = self.searcher.search(dated, limit=limit, sortedby="date", reverse=newest_first)
        docs = [int(docnum) for _, docnum in found.top_n]
        if len(docs) < limit:
            undated = np.flatnonzero(matched & ~self.evaluator.run(dated).mask)
            docs += sorted(undated.tolist(), key=lambda n: (self.summary_of(n).get("path", ""), n))[: limit - len(docs)]
        return docs

    def candidates(self, query: Node, depth: int, marks: Mapping[str, Node] | None = None,
                   facets: bool = True) -> tuple[int, list[Row], dict[str, Counter]]:
        """The best `depth` matches by score, each with the names of the `marks` it matches (coverage).

        Rows carry the summary column only; the stored fields are read for the page shown.
        """
        scored = self.evaluator.run(self.translate(query))
        masks = {name: self.mask(node) for name, node in (marks or {}).items()}
        rows = []
        for score, docnum in top(scored, max(depth, 1)):
            row = Row(docnum, score, self.summary_of(docnum))
            row.marks = {name for name, mask in masks.items() if mask[docnum]}
            rows.append(row)
        return int(scored.mask.sum()), rows, self._counts(scored, facets)

    def facet_counts(self, query: Node, facets: bool = True) -> tuple[int, dict[str, Counter]]:
        """How many sections match, and (when asked) the facet counts over all of them."""
        scored = self.evaluator.run(self.translate(query))
        return int(scored.mask.sum()), self._counts(scored, facets)

    def _counts(self, scored: Scored, facets: bool) -> dict[str, Counter]:
        return self.facet_arrays().counts(scored.mask) if facets else {}

    def mask(self, node: Node) -> np.ndarray:
        """The documents a node matches, as a mask by document number (term lists without scoring)."""
        if isinstance(node, AnyOf):
            docs = np.zeros(self.evaluator.size, dtype=bool)
            for part in node.parts:
                docs |= self.mask(part)
            return docs
        if isinstance(node, (Terms, Values)):
            pairs = node.terms if isinstance(node, Terms) else \
                [(node.field, t) for v in node.values for t in self.field_terms(node.field, v)]
            docs = np.zeros(self.evaluator.size, dtype=bool)
            for fieldname, text in pairs:
                docs |= self.evaluator.holders(fieldname, text)
            return docs
        return self.evaluator.run(self.translate(node)).mask

    def all_rows(self, query: Node, sort: str = "date-asc") -> list[Row]:
        """Every matching section (timelines, the decision log), in date order."""
        scored = self.evaluator.run(self.translate(query))
        rows = [Row(int(n), float(scored.score[n]), self.searcher.stored_fields(int(n))) for n in np.flatnonzero(scored.mask)]
        rows.sort(key=lambda r: (r.fields.get("iso_date") or "", r.fields.get("path", ""), r.fields.get("line", 0)),
                  reverse=(sort == "date"))
        return rows

    # -- vocabulary -----------------------------------------------------------------------
    def query_words(self, text: str) -> list[QueryWord]:
        """The free words of a query text as the index holds them, each with its terms and frequency."""
        if not text.strip():
            return []
        grouped: dict[str, list[tuple[str, str]]] = {}
        for fieldname, term in self.parse_text(text, all_words=True).iter_all_terms():
            if fieldname in TEXT_FIELDS:
                grouped.setdefault(_word_key(fieldname, term), []).append((fieldname, term))
        return [QueryWord(key, tuple(pairs), max(self.searcher.doc_frequency(f, key) for f in ("body", "heading")))
                for key, pairs in grouped.items()]

    def term_count(self, text: str) -> int:
        """How many distinct index terms (in any field) a query text looks for."""
        return len(set(self.parse_text(text).iter_all_terms())) if text.strip() else 0

    def frequency(self, word: str, fields: tuple[str, ...] = ("heading", "body", "entity_text")) -> int:
        """In how many sections a word (in any form) stands, in the most frequent of these fields."""
        stems = [t.text for t in self._analyzer(word.lower(), mode="query")]
        found = [self.searcher.doc_frequency(f, t) for f in fields if f in STEMMED_FIELDS for t in stems]
        if "entity_text" in fields:
            found.append(self.searcher.doc_frequency("entity_text", word.lower()))
        return max(found, default=0)

    def section_count(self) -> int:
        return self.count("section")

    def highlight_terms(self, text: str, all_words: bool = False) -> set[str]:
        """The analysed words of a query text that snippets mark."""
        if not text.strip():
            return set()
        query = self.parse_text(text, all_words)
        return {term.decode() if isinstance(term, bytes) else str(term)
                for fieldname, term in query.iter_all_terms() if fieldname in STEMMED_FIELDS}

    # -- documents and facets ---------------------------------------------------
    def stored(self, docnum: int) -> dict[str, Any]:
        """Every stored field of a document (the section's text included)."""
        return self.searcher.stored_fields(docnum)

    def _summary(self) -> Any:
        """The summary column reader, or None for an index without one."""
        if self._summary_column is None:
            reader = self.searcher.reader()
            self._summary_column = reader.column_reader("summary") if reader.has_column("summary") else False
        return None if self._summary_column is False else self._summary_column  # (a column reader may test false)

    def summary_of(self, docnum: int) -> dict[str, Any]:
        """A section's facet values, path, date and decision flag, without reading its text."""
        column = self._summary()
        return (column[docnum] if column is not None and docnum < self.evaluator.size else None) or {}

    def facet_arrays(self) -> FacetArrays:
        if self._facet_arrays is None:
            self._facet_arrays = FacetArrays(self.evaluator.size, self.summary_of, ("series", "year"), ENTITY_TYPES)
        return self._facet_arrays

    def terms(self, fieldname: str) -> list[str]:
        """The distinct indexed terms of a field (for filters and suggestions)."""
        return [t.decode("utf-8", "replace") if isinstance(t, bytes) else str(t) for t in self.searcher.lexicon(fieldname)]

    def suggest(self, word: str) -> list[str]:
        """Words of the index one or two edits from `word`, closest first, then the most frequent.

        The body field holds stems, so the corrector finds stems; each is turned back
        into a word as written by looking at one section that contains it. The first
        letter is taken as typed: typos rarely change it, and walking the whole
        vocabulary instead costs a quarter of a second on the SCS corpus.
        """
        typed = word.lower()
        target = _stem(typed)
        reader = self.searcher.reader()
        # Whoosh's corrector ranks by frequency alone, so the edit distance is applied here.
        found = reader.terms_within("body", target, 2, prefix=1)
        stems = sorted((s for s in found if s != target),
                       key=lambda s: (damerau_levenshtein(s, target), -reader.frequency("body", s)))[:3]
        words = [w for w in dict.fromkeys(self._surface_form(stem, typed) for stem in stems) if w]
        return sorted(words, key=lambda w: damerau_levenshtein(w, typed))  # stable: then by the order above

    def _surface_form(self, stem: str, typed: str) -> str | None:
        """The written form of `stem` in a section that holds it, the one nearest to what was typed."""
        results = self.searcher.search(Term("body", stem), limit=1)
        if not results:
            return None
        forms = {token for token in _WORDS.findall(results[0].get("body", "").lower()) if _stem(token) == stem}
        return min(forms, key=lambda form: (damerau_levenshtein(form, typed), form), default=None)

    def more_like(self, docnum: int, top: int = 5) -> list[Row]:
        """Sections that share the most telling words of this one (Whoosh's Bo1 key terms)."""
        fields = self.searcher.stored_fields(docnum)
        text = f"{fields.get('heading', '')}\n{fields.get('body', '')}"
        results = self.searcher.more_like(docnum, "body", text=text, top=top, numterms=12,
                                          filter=Term("kind", "section"))
        return [Row(hit.docnum, hit.score or 0.0, hit.fields()) for hit in results]

    def section_docnum(self, path: str, line: int) -> int | None:
        """The section of `path` whose heading stands on `line` (or the one that holds that line)."""
        best: tuple[int, int] | None = None
        for docnum in self.searcher.document_numbers(path=path):
            fields = self.searcher.stored_fields(docnum)
            if fields.get("kind") != "section" or fields.get("line", 0) > line:
                continue
            if best is None or fields["line"] > best[0]:
                best = (fields["line"], docnum)
        return best[1] if best else None

    def count(self, kind: str = "section") -> int:
        return self.searcher.doc_frequency("kind", kind)

    # -- snippets ------------------------------------------------------------
    def snippet(self, text: str, terms: set[str], chars: int = 240) -> str:
        """The best passage of `text` around the query's words, words marked."""
        flat = " ".join(text.split())
        if terms:
            formatter = _MarkFormatter()
            fragmenter = highlight.ContextFragmenter(maxchars=chars, surround=70)
            marked = highlight.highlight(flat, frozenset(terms), self._analyzer, fragmenter, formatter, top=2)
            if marked:
                return marked
        return flat[:chars] + ("..." if len(flat) > chars else "")


_WORDS = re.compile(r"\w+")


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


def _word_key(fieldname: str, text: str | bytes) -> str:
    """One key per query word across fields: body and heading hold stems, entity_text plain words."""
    word = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return word if fieldname in STEMMED_FIELDS else _stem(word.lower())


def _stem(word: str) -> str:
    from whoosh.lang.porter import stem

    return stem(word)


class _MarkFormatter(highlight.Formatter):
    between = " ... "

    def format_token(self, text, token, replace=False):
        return f"{MARK_START}{highlight.get_text(text, token, replace)}{MARK_END}"


def strip_marks(text: str) -> str:
    return text.replace(MARK_START, "").replace(MARK_END, "")


__all__ = ["Engine", "QuerySyntaxError", "strip_marks", "MARK_START", "MARK_END"]
