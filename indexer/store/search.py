"""Reading the Whoosh index: run a query plan, count facets, make snippets.

The query layer (`indexer.query`) decides *what* to look for and hands over a
`Plan` of plain values; this module knows *how* Whoosh finds it.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Iterable

import numpy as np
from whoosh import highlight
from whoosh.qparser import AndGroup, FieldsPlugin, MultifieldParser, OrGroup, PlusMinusPlugin
from whoosh.query import And, AndMaybe, DateRange, NullQuery, Or, Phrase, Query, Term
from whoosh.support.levenshtein import damerau_levenshtein

from ..model import ENTITY_TYPES
from .analysis import text_analyzer
from ..errors import QuerySyntaxError  # noqa: F401 (re-exported)
from .files import IndexDir
from .vectorized import Evaluator, FacetArrays, Scored, top
from .writer import open_index

#: Free words are looked for in these fields (BM25F; their boosts are in the schema).
TEXT_FIELDS = ("heading", "body", "entity_text")
#: Fields a query may name (`project:ovn`, `heading:zuul`); anything else is an error.
USER_FIELDS = TEXT_FIELDS + ENTITY_TYPES + ("series", "year")
STEMMED_FIELDS = ("heading", "body")
FACET_FIELDS = ("series", "year") + ENTITY_TYPES
#: A section that has every word of the query scores this much more than one with most of them.
COORDINATION_BOOST = 1.0
#: A word in more than this share of sections does not make a match alone (see content_query).
COMMON_SHARE = 0.08
#: Weight of a match on an acronym's long form (or the acronym of a long form in the query).
EQUIVALENT_BOOST = 1.0
#: Weight of an issue reference matched in the issue field (the number alone also matches as a word).
ENTITY_MATCH_BOOST = 3.0
#: Parsed queries kept per open index (a parse depends only on the text and the schema).
PARSE_CACHE = 512
#: Before any meeting date: `date >= EARLIEST` tells dated sections from undated ones.
EARLIEST = datetime(1, 1, 1)
#: Marks around highlighted words in snippets; the UI escapes the text, then turns them into <mark>.
MARK_START, MARK_END = "\x02", "\x03"


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
    prefer: tuple[str, ...] = ()  # boolean fields that lift a match in the re-ranking ("has_decision")
    equivalents: list[tuple[str, str]] = field(default_factory=list)  # (words of the query, other words for them)
    lifts: list[str] = field(default_factory=list)  # words that add to the score but never match alone


@dataclass
class Row:
    """One matching section, straight from the index."""

    docnum: int
    score: float
    fields: dict[str, Any]
    snippet: str = ""
    covered: set[str] = field(default_factory=set)  # query words found in it (candidates only)
    lifted: bool = False  # holds a word the query's intent asks for (candidates only)


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

    # -- queries -------------------------------------------------------------
    @property
    def evaluator(self) -> Evaluator:
        """Scores queries over posting arrays (same scores as Whoosh's matchers, much faster)."""
        if self._evaluator is None:
            self._evaluator = Evaluator(self.searcher)
        return self._evaluator

    def _make_parser(self, group) -> MultifieldParser:
        parser = MultifieldParser(list(TEXT_FIELDS), self.ix.schema, group=group)
        parser.remove_plugin_class(FieldsPlugin)
        parser.add_plugin(FieldsPlugin(remove_unknown=True))
        parser.remove_plugin_class(PlusMinusPlugin)
        return parser

    def build_query(self, plan: Plan, scoring: bool = True) -> Query:
        """The Whoosh query of a plan; `scoring=False` gives the same matches, cheaper (no boosts)."""
        content = self.content_query(plan, scoring)
        # Always the kind term (a query that is all NOT, "NOT zuul", would match the file records too);
        # it filters and does not score.
        parts: list[Query] = [Term("kind", plan.kind, boost=0.0)]
        if content is not None:
            parts.append(content)
        anyof = list(plan.must.items()) + [(fieldname, [value]) for fieldname, value in plan.conditions]
        for fieldname, values in anyof:
            terms = [Term(fieldname, term, boost=0.0) for value in values for term in self.field_terms(fieldname, value)]
            parts.append(Or(terms) if terms else NullQuery)
        if plan.since or plan.until:
            start = datetime.combine(plan.since, datetime.min.time()) if plan.since else None
            end = datetime.combine(plan.until, datetime.min.time()) + timedelta(days=1) - timedelta(microseconds=1) if plan.until else None
            parts.append(DateRange("date", start, end))
        for flag in plan.require:
            parts.append(Term(flag, True))
        return And(parts) if len(parts) > 1 else parts[0]

    def content_query(self, plan: Plan, scoring: bool = True) -> Query | None:
        """The scored part: free words (sections with all of them score more), issue references.

        Words found in more than COMMON_SHARE of all sections ("scs", "release" in a
        release-heavy corpus) do not make a section match on their own when the query
        has rarer words; they still count in the all-words boost and in the re-ranker's
        coverage. That keeps broad queries fast and their result sets meaningful.
        """
        alternatives: list[Query] = []
        if plan.text.strip():
            query = self.parse_text(self._rare_words(plan) or plan.text, conjunctive=plan.conjunctive)
            if scoring and not plan.conjunctive and len(set(query.iter_all_terms())) > 1:
                every = self.parse_text(plan.text, conjunctive=True)
                query = AndMaybe(query, every.with_boost(COORDINATION_BOOST))
            alternatives.append(query)
        for _, other in plan.equivalents:
            alternatives.append(self._phrase(other).with_boost(EQUIVALENT_BOOST))
        for fieldname, values in plan.should.items():
            alternatives.extend(Term(fieldname, t).with_boost(ENTITY_MATCH_BOOST)
                                for v in values for t in self.field_terms(fieldname, v))
        if not alternatives:
            return None
        return alternatives[0] if len(alternatives) == 1 else Or(alternatives)

    def _phrase(self, words: str) -> Query:
        return self.parse_text(f'"{words}"' if " " in words else words, conjunctive=True)

    def _rare_words(self, plan: Plan) -> str:
        """The words of a plain query that are not common; "" when the query has syntax or only common words."""
        words = plan.text.split()
        if plan.conjunctive or len(words) < 2 or any(c in plan.text for c in '"():*?~^') \
                or any(w in ("AND", "OR", "NOT") for w in words):
            return ""
        limit = COMMON_SHARE * max(self.count("section"), 1)
        rare = []
        for word in words:
            stems = [t.text for t in self._analyzer(word.lower(), mode="query")]
            if max((self.searcher.doc_frequency("body", t) for t in stems), default=0) <= limit:
                rare.append(word)
        return " ".join(rare)

    def field_terms(self, fieldname: str, value: str) -> list[str]:
        """A filter value as the field's own analyser turns it into terms."""
        if fieldname not in self.ix.schema:
            return []
        return list(dict.fromkeys(self.ix.schema[fieldname].process_text(value, mode="query")))

    def parse_text(self, text: str, conjunctive: bool = False) -> Query:
        """The Whoosh query for a text; one search parses the same text several times, so parses are kept."""
        key = (text, conjunctive)
        query = self._parsed.get(key)
        if query is None:
            try:
                query = self._fit_phrases(self._parsers[conjunctive].parse(text))
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

    def search(self, plan: Plan, limit: int = 10, offset: int = 0, sort: str = "relevance",
               facets: bool = True) -> tuple[int, list[Row], dict[str, Counter]]:
        """The rows of one page, the total and the facet counts over all matches."""
        query = self.build_query(plan)
        wanted = max(offset + limit, 1)
        scored = self.evaluator.run(query)
        if sort == "relevance":
            best = top(scored, wanted)
        else:  # in date order, each with its relevance score (Whoosh would give the sort key)
            by_date = self._by_date(query, scored.mask, wanted, newest_first=sort == "date")
            best = [(float(scored.score[n]), n) for n in by_date]
        rows = [Row(docnum, score or 0.0, self.searcher.stored_fields(docnum)) for score, docnum in best[offset:wanted]]
        total, counts = self.totals(plan, facets, scored)
        return total, rows, counts

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

    def candidates(self, plan: Plan, depth: int, facets: bool = True) -> tuple[int, list[Row], dict[str, Counter]]:
        """The best `depth` matches by BM25F, each with the query words it covers, for re-ranking."""
        scored = self.evaluator.run(self.build_query(plan))
        holders = self.word_holders(plan)
        lifted = self.holders_of_any(plan.lifts)
        rows = []
        for score, docnum in top(scored, max(depth, 1)):
            row = Row(docnum, score, self.summary_of(docnum))  # the stored fields only for the page shown
            row.covered = {word for word, docs in holders.items() if docs[docnum]}
            row.lifted = bool(lifted[docnum])
            rows.append(row)
        total, counts = self.totals(plan, facets, scored)
        return total, rows, counts

    def totals(self, plan: Plan, facets: bool = True, scored: Scored | None = None) -> tuple[int, dict[str, Counter]]:
        """How many sections match, and (when asked) the facet counts over all of them."""
        if scored is None:
            scored = self.evaluator.run(self.build_query(plan, scoring=False))
        return int(scored.mask.sum()), self.facet_arrays().counts(scored.mask) if facets else {}

    def holders_of_any(self, words: list[str]) -> np.ndarray:
        """Documents with any of these words in their heading or body, as a mask by document number."""
        docs = np.zeros(self.evaluator.size, dtype=bool)
        for word in words:
            for token in self._analyzer(word.lower(), mode="query"):
                for fieldname in ("heading", "body"):
                    docs |= self.evaluator.holders(fieldname, token.text)
        return docs

    def word_holders(self, plan: Plan) -> dict[str, np.ndarray]:
        """For each free word of the query, the documents that hold it in any text field (a mask)."""
        holders: dict[str, np.ndarray] = {}
        for fieldname, text in self._text_terms(plan):
            key = _word_key(fieldname, text)
            found = self.evaluator.holders(fieldname, text)
            holders[key] = holders[key] | found if key in holders else found
        for words, other in plan.equivalents:
            meaning = self.evaluator.run(self._phrase(other)).mask
            for word in words.split():
                for token in self._analyzer(word, mode="query"):
                    if token.text in holders:
                        holders[token.text] = holders[token.text] | meaning
        return holders

    def _text_terms(self, plan: Plan) -> list[tuple[str, Any]]:
        if not plan.text.strip():
            return []
        query = self.parse_text(plan.text, conjunctive=True)
        return [(f, t) for f, t in query.iter_all_terms() if f in TEXT_FIELDS]

    def word_weights(self, plan: Plan) -> dict[str, float]:
        """Each free word of the query (as the index holds it) with its inverse document frequency."""
        total = max(self.count("section"), 1)
        weights: dict[str, float] = {}
        for fieldname, text in self._text_terms(plan):
            key = _word_key(fieldname, text)
            df = max(self.searcher.doc_frequency("body", key), self.searcher.doc_frequency("heading", key))
            weights[key] = max(weights.get(key, 0.0), math.log(1 + (total - df + 0.5) / (df + 0.5)))
        return weights

    def all_rows(self, plan: Plan, sort: str = "date-asc") -> list[Row]:
        """Every matching section (timelines, the decision log), in date order."""
        scored = self.evaluator.run(self.build_query(plan))
        rows = [Row(int(n), float(scored.score[n]), self.searcher.stored_fields(int(n))) for n in np.flatnonzero(scored.mask)]
        rows.sort(key=lambda r: (r.fields.get("iso_date") or "", r.fields.get("path", ""), r.fields.get("line", 0)),
                  reverse=(sort == "date"))
        return rows

    def matched_terms(self, plan: Plan) -> set[str]:
        """The analysed words of the free query, for snippets."""
        if not plan.text.strip():
            return set()
        query = self.parse_text(plan.text, conjunctive=plan.conjunctive)
        return {text.decode() if isinstance(text, bytes) else str(text)
                for fieldname, text in query.iter_all_terms() if fieldname in ("body", "heading")}

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

    # -- vocabulary ----------------------------------------------------------
    def terms(self, fieldname: str) -> list[str]:
        """The distinct indexed terms of a field (for filters and suggestions)."""
        return [t.decode("utf-8", "replace") if isinstance(t, bytes) else str(t) for t in self.searcher.lexicon(fieldname)]

    def word_frequency(self, word: str) -> int:
        """In how many sections a word (in any form) stands in the heading, the notes or an entity name."""
        stems = [t.text for t in self._analyzer(word.lower(), mode="query")]
        found = [self.searcher.doc_frequency(f, t) for f in STEMMED_FIELDS for t in stems]
        return max(found + [self.searcher.doc_frequency("entity_text", word.lower())])

    def doc_frequency(self, fieldname: str, term: str) -> int:
        return self.searcher.doc_frequency(fieldname, term)

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


__all__ = ["Engine", "Plan", "Row", "QuerySyntaxError", "strip_marks", "MARK_START", "MARK_END"]
