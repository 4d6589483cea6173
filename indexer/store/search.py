"""The engine: translate a query tree into Whoosh queries, run them, count facets, make snippets.

The query side (`indexer.relevance`) decides what matches and how it ranks, and hands
over a tree of plain values (`store.interface`); this module knows only how Whoosh
finds it. It holds no search rule, so a second engine would implement these methods
and keep every rule.
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any, Mapping

import numpy as np
from whoosh import highlight
from whoosh.query import And, DateRange, Query, Term
from whoosh.support.levenshtein import damerau_levenshtein

from ..errors import QuerySyntaxError  # noqa: F401 (re-exported)
from ..model import ENTITY_TYPES
from .analysis import text_analyzer
from .files import IndexDir, read_meta
from .interface import AnyOf, Node, QueryWord, Row, Terms, Values
from .translate import TEXT_FIELDS, Translator
from .vectorized import Evaluator, FacetArrays, Scored, top
from .writer import open_index

STEMMED_FIELDS = ("heading", "body")
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
        self.translator = Translator(self.ix.schema)
        self._alias_groups: list[dict] | None = None

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

    def alias_groups(self) -> list[dict]:
        """The alias groups stored with this generation (learned at build time, with the user's overrides)."""
        if self._alias_groups is None:
            self._alias_groups = list(read_meta(self.generation).get("aliases", []))
        return self._alias_groups

    @property
    def evaluator(self) -> Evaluator:
        """Scores queries over posting arrays (same scores as Whoosh's matchers, much faster)."""
        if self._evaluator is None:
            self._evaluator = Evaluator(self.searcher)
        return self._evaluator

    # -- the query tree in Whoosh's terms (store/translate.py) ---------------------------------
    def translate(self, node: Node) -> Query:
        return self.translator.translate(node)

    def parse_text(self, text: str, all_words: bool = False) -> Query:
        return self.translator.parse_text(text, all_words)

    def field_terms(self, fieldname: str, value: str) -> list[str]:
        return self.translator.field_terms(fieldname, value)

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

    def longer_words(self, word: str, limit: int = 5) -> list[str]:
        """Words of the index that start with ``word`` and go on ("collab" -> "collaborator"), most frequent first."""
        typed = word.lower()
        target = _stem(typed)
        reader = self.searcher.reader()
        stems = [s.decode() if isinstance(s, bytes) else s for s in reader.expand_prefix("body", target)]
        stems = [s for s in stems if len(s) > len(target) + 1 and s.isalpha()]
        stems.sort(key=lambda s: -reader.doc_frequency("body", s))
        words = (self._surface_form(stem, typed) for stem in stems[:limit])
        return [w for w in dict.fromkeys(words) if w and w.startswith(typed) and w != typed]

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
