"""Whoosh queries scored with numpy: the same BM25F, without a Python call per posting.

Whoosh walks its matcher tree one posting at a time, in Python: on a 20x corpus a
three-word query spends a tenth of a second in `id()`, `next()` and `score()`.
This module reads each term's postings a block at a time into arrays (kept for the
life of the searcher) and evaluates the query tree over whole arrays: one numpy
operation per term and per boolean node instead of one Python call per document.

The scores are Whoosh's own, term for term: BM25F with its idf, average field
lengths and byte-coded field lengths, boosts, sums over And/Or/AndMaybe, and the
coordination bonus of an Or with `scale` (Whoosh's CoordMatcher). Query types it
does not know (phrases, `Every`, wildcards...) are run by Whoosh's own matcher on
each segment and their scores copied, so every query gives the same answer.
One difference is deliberate: Whoosh rebuilds its coordination matcher with fewer
terms when it prunes exhausted postings mid-search, which can zero the score of a
document found late; here the term count is always the whole query's.
"""
from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Sequence

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

#: Postings kept in memory per open index, in entries (8 bytes each: a document number and a weight).
POSTINGS_BUDGET = 8_000_000
_BYTE_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)


@dataclass
class Scored:
    """One query over one segment (or the whole index): who matches and with what score."""

    mask: np.ndarray  # bool, one per document
    score: np.ndarray  # float64, one per document (0 where not matched)
    terms: int = 0  # term leaves in the tree (for coordination)
    hits: np.ndarray | None = None  # int, how many term leaves each document matches


class Segment:
    """One leaf reader: its live documents, field lengths and posting arrays."""

    def __init__(self, reader: Any, subsearcher: Any, offset: int, cache: "PostingCache"):
        self.reader = reader
        self.searcher = subsearcher
        self.offset = offset
        self.size = reader.doc_count_all()
        self.cache = cache
        self.live = np.ones(self.size, dtype=bool)
        if reader.has_deletions():
            found = getattr(reader, "deleted_docs_set", None)
            deleted_docs = found if found is not None else [n for n in range(self.size) if reader.is_deleted(n)]
            deleted = np.fromiter(deleted_docs, dtype=np.int64)
            self.live[deleted[deleted < self.size]] = False
        self._lengths: dict[str, np.ndarray] = {}

    def lengths(self, fieldname: str) -> np.ndarray:
        """Each document's length of a field, as Whoosh's scorer sees it (byte-coded)."""
        if fieldname not in self._lengths:
            self._lengths[fieldname] = self._read_lengths(fieldname)
        return self._lengths[fieldname]

    def _read_lengths(self, fieldname: str) -> np.ndarray:
        perdoc = getattr(self.reader, "_perdoc", None)
        column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN) if perdoc is not None else None
        codes = np.zeros(self.size, dtype=np.uint8)
        raw = _fixed_bytes(column, self.size) if column is not None else None
        if raw is not None:
            codes[: len(raw)] = raw
            return _BYTE_LENGTHS[codes]
        out = np.zeros(self.size, dtype=np.float64)
        for n in range(self.size):
            out[n] = self.reader.doc_field_length(n, fieldname, 0) or 0
        return out

    def postings(self, fieldname: str, btext: bytes) -> tuple[np.ndarray, np.ndarray]:
        """Document numbers and weights of a term in this segment (deleted documents included)."""
        key = (id(self), fieldname, btext)
        found = self.cache.get(key)
        if found is None:
            found = self._read_postings(fieldname, btext)
            self.cache.put(key, found)
        return found

    def _read_postings(self, fieldname: str, btext: bytes) -> tuple[np.ndarray, np.ndarray]:
        if (fieldname, btext) not in self.reader:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
        terms = getattr(self.reader, "_terms", None)
        matcher = terms.matcher(fieldname, btext, self.reader.schema[fieldname].format) if terms is not None \
            else self.reader.postings(fieldname, btext)
        if isinstance(matcher, W3LeafMatcher) and not matcher._byteids:
            return _read_blocks(matcher)
        ids, weights = [], []
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
        return np.asarray(ids, dtype=np.int32), np.asarray(weights, dtype=np.float32)


    def positions(self, fieldname: str, btext: bytes, docs: np.ndarray) -> list[list[int]]:
        """Where a term stands in each of `docs` (which must hold it), for phrase checks."""
        key = (id(self), fieldname, btext, "values")
        values = self.cache.get(key)
        if values is None:
            values = self._read_values(fieldname, btext)
            self.cache.put(key, values)
        ids, raw = values
        decode = self.reader.schema[fieldname].format.decode_positions
        return [decode(raw[i]) for i in np.searchsorted(ids, docs)]

    def _read_values(self, fieldname: str, btext: bytes) -> tuple[np.ndarray, list[bytes]]:
        terms = getattr(self.reader, "_terms", None)
        matcher = terms.matcher(fieldname, btext, self.reader.schema[fieldname].format) if terms is not None \
            else self.reader.postings(fieldname, btext)
        ids, values = [], []
        if isinstance(matcher, W3LeafMatcher) and not matcher._byteids:
            while not matcher._atend:
                if matcher._data is None:
                    matcher._read_data()
                matcher._read_values()
                ids.append(np.cumsum(np.asarray(matcher._data[0], dtype=np.int64)))
                values.extend(matcher._values)
                matcher._next_block()
            return (np.concatenate(ids) if ids else np.zeros(0, dtype=np.int64)), values
        while matcher.is_active():
            ids.append(matcher.id())
            values.append(matcher.value())
            matcher.next()
        return np.asarray(ids, dtype=np.int64), values


def _fixed_bytes(column: Any, size: int) -> np.ndarray | None:
    """The raw one-byte values of a numeric "B" column, or None for any other layout."""
    try:
        if column._typecode != "B":
            return None
        count = min(column._count, size)
        return np.frombuffer(column._dbfile.get(column._basepos, count), dtype=np.uint8)
    except AttributeError:
        return None


def _read_blocks(matcher: W3LeafMatcher) -> tuple[np.ndarray, np.ndarray]:
    """All postings of a Whoosh 3 term, a block (up to 128 postings) per step."""
    id_parts, weight_parts = [], []
    while not matcher._atend:
        if matcher._data is None:
            matcher._read_data()
        deltas, weights = matcher._data[0], matcher._data[1]
        ids = np.cumsum(np.asarray(deltas, dtype=np.int64))  # ids are delta-coded from 0 in each block
        id_parts.append(ids)
        if weights is None:
            weight_parts.append(np.ones(len(ids)))
        elif isinstance(weights, float):
            weight_parts.append(np.full(len(ids), weights))
        else:
            weight_parts.append(np.asarray(weights, dtype=np.float64))
        matcher._next_block()
    if not id_parts:
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
    return np.concatenate(id_parts).astype(np.int32), np.concatenate(weight_parts).astype(np.float32)


class PostingCache:
    """Posting arrays by term, least recently used dropped first once over budget.

    The app shares one engine between browser sessions, so the cache takes a lock.
    """

    def __init__(self, budget: int = POSTINGS_BUDGET):
        self.budget = budget
        self.size = 0
        self._items: OrderedDict[Any, tuple[np.ndarray, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any) -> tuple[np.ndarray, Any] | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: Any, value: tuple[np.ndarray, Any]) -> None:
        with self._lock:
            if key in self._items:
                return
            self._items[key] = value
            self.size += len(value[0])
            while self.size > self.budget and len(self._items) > 1:
                _, (ids, _w) = self._items.popitem(last=False)
                self.size -= len(ids)


class Evaluator:
    """Scores Whoosh queries over arrays, for one open searcher."""

    def __init__(self, searcher: Any):
        self.searcher = searcher
        self.schema = searcher.schema
        weighting = searcher.weighting
        if not isinstance(weighting, BM25F):  # the Engine opens every searcher with Whoosh's default BM25F
            raise TypeError(f"the evaluator scores BM25F only, not {type(weighting).__name__}")
        self.weighting = weighting
        self.cache = PostingCache()
        self.segments = [Segment(sub.reader(), sub, offset, self.cache) for sub, offset in searcher.leaf_searchers()]
        self.size = searcher.doc_count_all()
        self._run = threading.local()  # the term scores of the query being run (the app runs several at once)

    # -- public ----------------------------------------------------------------
    def run(self, query: wq.Query) -> Scored:
        """The whole index: a match flag and a score per document number."""
        # A query names one term several times (the all-words part repeats the words): score each once.
        self._run.terms = {}
        try:
            parts = [self._node(query, seg) for seg in self.segments]
        finally:
            self._run.terms = None
        if len(parts) == 1:
            return parts[0]
        mask = np.zeros(self.size, dtype=bool)
        score = np.zeros(self.size, dtype=np.float64)
        for seg, part in zip(self.segments, parts):
            mask[seg.offset: seg.offset + seg.size] = part.mask
            score[seg.offset: seg.offset + seg.size] = part.score
        return Scored(mask, score)

    def holders(self, fieldname: str, text: Any) -> np.ndarray:
        """Live documents that hold a term, as a mask over the whole index."""
        mask = np.zeros(self.size, dtype=bool)
        for seg in self.segments:
            btext = self._bytes(fieldname, text)
            if btext is None:
                continue
            ids, _ = seg.postings(fieldname, btext)
            local = np.zeros(seg.size, dtype=bool)
            local[ids] = True
            mask[seg.offset: seg.offset + seg.size] = local & seg.live
        return mask

    # -- the tree ----------------------------------------------------------------
    def _node(self, q: wq.Query, seg: Segment) -> Scored:
        handler = self._handlers().get(type(q))
        if handler is None:
            return self._by_whoosh(q, seg)
        return handler(self, q, seg)

    def _term(self, q: wq.Term, seg: Segment) -> Scored:
        return self._posting_scores(q.fieldname, self._bytes(q.fieldname, q.text), q.boost, seg)

    def _multi_term(self, q: wq.MultiTerm, seg: Segment) -> Scored:
        """Prefix, wildcard, term range...: the terms it stands for in this segment, or'ed."""
        fieldname = q.field()
        words = [w for w in q._btexts(seg.reader) if w] if fieldname in self.schema else []
        if len(words) == 1:
            return self._posting_scores(fieldname, words[0], 1.0, seg)
        parts = [self._posting_scores(fieldname, w, 1.0, seg) for w in words]
        if not parts:
            return self._empty(seg)
        mask = np.zeros(seg.size, dtype=bool)
        for p in parts:
            mask |= p.mask
        return self._combine(parts, mask, q.boost)

    def _posting_scores(self, fieldname: str, btext: bytes | None, boost: float, seg: Segment) -> Scored:
        """One term's matches and BM25F scores (the Scored is shared: nothing may change it in place)."""
        if btext is None or (fieldname, btext) not in seg.reader:
            return self._empty(seg)
        memo = getattr(self._run, "terms", None)
        key = (fieldname, btext, boost, id(seg))
        if memo is not None and key in memo:
            return memo[key]
        scored = self._score_term(fieldname, btext, boost, seg)
        if memo is not None:
            memo[key] = scored
        return scored

    def _score_term(self, fieldname: str, btext: bytes, boost: float, seg: Segment) -> Scored:
        ids, weights = seg.postings(fieldname, btext)
        keep = seg.live[ids]
        ids, weights = ids[keep], weights[keep].astype(np.float64)
        field = self.schema[fieldname]
        if field.scorable:
            parent = self.searcher
            idf = parent.idf(fieldname, btext)
            avg = parent.avg_field_length(fieldname) or 1
            b = self.weighting._field_B.get(fieldname, self.weighting.B)
            k1 = self.weighting.K1
            lengths = seg.lengths(fieldname)[ids]
            lengths = np.where(lengths > 0, lengths, 1.0)
            values = idf * ((weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / avg)))
        else:
            values = weights
        if boost != 1.0:
            values = values * boost
        mask = np.zeros(seg.size, dtype=bool)
        mask[ids] = True
        score = np.zeros(seg.size, dtype=np.float64)
        score[ids] = values
        return Scored(mask, score, terms=1, hits=mask.astype(np.int32))

    def _and(self, q: wq.And, seg: Segment) -> Scored:
        return self._compound(q, seg, np.logical_and)

    def _or(self, q: wq.Or, seg: Segment) -> Scored:
        def coordinate(out: Scored) -> Scored:
            if q.scale and out.terms:
                out.score = np.where(out.mask, _coordinated(out.score, out.hits, out.terms, q.scale), 0.0)
            return out

        return self._compound(q, seg, np.logical_or, coordinate)

    def _compound(self, q: wq.CompoundQuery, seg: Segment, join: Callable[..., np.ndarray],
                  finish: Callable[[Scored], Scored] | None = None) -> Scored:
        """An And or Or of several parts: their masks joined, their scores summed (then `finish`)."""
        subs = self._subs(q)
        if not subs:
            return self._empty(seg)
        if len(subs) == 1:
            return self._node(subs[0], seg)
        parts = [self._node(s, seg) for s in subs]
        mask = parts[0].mask.copy()
        for p in parts[1:]:
            join(mask, p.mask, out=mask)
        out = self._combine(parts, mask, q.boost)
        return finish(out) if finish else out

    def _and_maybe(self, q: wq.AndMaybe, seg: Segment) -> Scored:
        """A's matches, with B's score added where B matches too (a score is 0 where its query does not match)."""
        a, b = self._node(q.a, seg), self._node(q.b, seg)
        score = b.score * a.mask
        score += a.score
        return Scored(a.mask, score, a.terms + b.terms, _add_hits(a.hits, b.hits * a.mask if b.hits is not None else None))

    def _and_not(self, q: wq.AndNot, seg: Segment) -> Scored:
        a, b = self._node(q.a, seg), self._node(q.b, seg)
        mask = a.mask & ~b.mask
        return Scored(mask, np.where(mask, a.score, 0.0), a.terms,
                      np.where(mask, a.hits, 0) if a.hits is not None else None)

    def _constant(self, q: wq.ConstantScoreQuery, seg: Segment) -> Scored:
        inner = self._node(q.child, seg)
        return Scored(inner.mask, np.where(inner.mask, q.score, 0.0), inner.terms, inner.hits)

    def _numeric_range(self, q: wq.NumericRange, seg: Segment) -> Scored:
        return self._node(q._compile_query(seg.reader), seg)

    def _not(self, q: wq.Not, seg: Segment) -> Scored:
        """Every live document the inner query misses, each scoring 1 (Whoosh's InverseMatcher)."""
        inner = self._node(q.query, seg)
        mask = seg.live & ~inner.mask
        return Scored(mask, mask.astype(np.float64), inner.terms, np.zeros(seg.size, dtype=np.int32))

    def _phrase(self, q: wq.Phrase, seg: Segment) -> Scored:
        """Every word, in order, each within `slop` positions of the one before (Whoosh's SpanNear2)."""
        field = self.schema[q.fieldname] if q.fieldname in self.schema else None
        if field is None or not field.format or not field.format.supports("positions"):
            return self._by_whoosh(q, seg)
        words = [self._bytes(q.fieldname, w) for w in q.words]
        if not words or any(w is None or (q.fieldname, w) not in seg.reader for w in words):
            return self._empty(seg)
        parts = [self._posting_scores(q.fieldname, w, 1.0, seg) for w in words]
        mask = parts[0].mask.copy()
        for p in parts[1:]:
            mask &= p.mask
        docs = np.flatnonzero(mask)
        if len(words) > 1 and len(docs):
            places = [seg.positions(q.fieldname, w, docs) for w in words]
            for i, doc in enumerate(docs):
                if not _in_sequence([p[i] for p in places], q.slop):
                    mask[doc] = False
        out = self._combine(parts, mask, q.boost)
        return out

    def _null(self, q: wq.Query, seg: Segment) -> Scored:
        return self._empty(seg)

    @classmethod
    def _handlers(cls) -> dict[type, Callable[["Evaluator", Any, Segment], Scored]]:
        multi = {t: cls._multi_term for t in (wq.Prefix, wq.Wildcard, wq.TermRange, wq.Regex, wq.ExpandingTerm)}
        return {
            **multi,
            wq.Term: cls._term, wq.And: cls._and, wq.Or: cls._or, wq.DefaultOr: cls._or,
            wq.AndMaybe: cls._and_maybe, wq.AndNot: cls._and_not,
            wq.ConstantScoreQuery: cls._constant, wq.NumericRange: cls._numeric_range,
            wq.DateRange: cls._numeric_range, wq.Not: cls._not, wq.Phrase: cls._phrase, type(wq.NullQuery): cls._null,
        }

    # -- helpers -------------------------------------------------------------------
    def _by_whoosh(self, q: wq.Query, seg: Segment) -> Scored:
        """A query type this module does not model: Whoosh's matcher, posting by posting."""
        mask = np.zeros(seg.size, dtype=bool)
        score = np.zeros(seg.size, dtype=np.float64)
        hits = np.zeros(seg.size, dtype=np.int32)
        matcher = q.matcher(seg.searcher, self.searcher.context(weighting=self.weighting))
        terms = len(list(matcher.term_matchers()))
        while matcher.is_active():
            n = matcher.id()
            mask[n] = True
            score[n] = matcher.score()
            hits[n] = sum(1 for _ in matcher.matching_terms(n))
            matcher.next()
        return Scored(mask, score, terms, hits)

    def _combine(self, parts: Sequence[Scored], mask: np.ndarray, boost: float) -> Scored:
        """Sum the parts' scores and term hits where `mask` holds (in place: at 20x an array is 1 MB)."""
        score = parts[0].score.copy()
        hits = np.zeros(len(mask), dtype=np.int32)
        for n, p in enumerate(parts):
            if n:
                score += p.score
            if p.hits is not None:
                hits += p.hits
        score *= mask
        if boost != 1.0:
            score *= boost
        hits *= mask
        return Scored(mask, score, sum(p.terms for p in parts), hits)

    @staticmethod
    def _subs(q: wq.CompoundQuery) -> list[wq.Query]:
        return list(q.subqueries)

    @staticmethod
    def _empty(seg: Segment) -> Scored:
        return Scored(np.zeros(seg.size, dtype=bool), np.zeros(seg.size, dtype=np.float64), 0,
                      np.zeros(seg.size, dtype=np.int32))

    def _bytes(self, fieldname: str, text: Any) -> bytes | None:
        if fieldname not in self.schema:
            return None
        try:
            return self.schema[fieldname].to_bytes(text)
        except ValueError:
            return None


def _coordinated(score: np.ndarray, hits: np.ndarray, terms: int, scale: float) -> np.ndarray:
    """Whoosh's CoordMatcher ("SQR"): a bonus for each further query term a document has."""
    if terms == 0 or terms == scale:
        return np.zeros_like(score)
    return (score + (hits - 1) / (terms - scale) ** 2) * ((terms - 1) / terms)


def _in_sequence(positions: Sequence[list[int]], slop: int, mindist: int = 1) -> bool:
    """True when each word follows the span of the ones before by mindist..slop positions."""
    spans = {(p, p) for p in positions[0]}
    for following in positions[1:]:
        spans = {(start, q) for start, end in spans for q in following if mindist <= q - end <= slop}
        if not spans:
            return False
    return True


def _add_hits(a: np.ndarray | None, b: np.ndarray | None) -> np.ndarray | None:
    if a is None:
        return b
    return a if b is None else a + b


def top(scored: Scored, limit: int) -> list[tuple[float, int]]:
    """The best `limit` matches as (score, docnum), best first; ties by document number."""
    docs = np.flatnonzero(scored.mask)
    if limit is not None and len(docs) > limit:
        scores = scored.score[docs]
        cut = np.argpartition(-scores, limit - 1)[:limit]
        threshold = scores[cut].min()
        docs = docs[scores >= threshold]  # keep every tie at the cut, so the order below decides
    order = np.lexsort((docs, -scored.score[docs]))
    chosen = docs[order][:limit] if limit is not None else docs[order]
    return [(float(scored.score[n]), int(n)) for n in chosen]


class FacetArrays:
    """Facet values as integer codes, so counting over a match set is a few bincounts.

    A document's facets are read (from the index's facet column) the first time it
    matches a query, not when the index is opened: at 20x the corpus, reading all
    of them up front made the first search of every process take two seconds.
    """

    def __init__(self, size: int, load: Callable[[int], dict | None], single: Sequence[str], multi: Sequence[str]):
        self.size = size
        self._load = load
        self._loaded = np.zeros(size, dtype=bool)
        self._index: dict[str, dict[Any, int]] = {name: {} for name in (*single, *multi)}
        self.single = {name: np.full(size, -1, dtype=np.int64) for name in single}
        self.multi: dict[str, tuple[np.ndarray, np.ndarray]] = {
            name: (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)) for name in multi}
        self._lock = threading.Lock()

    @classmethod
    def from_table(cls, table: Sequence[dict | None], single: Sequence[str], multi: Sequence[str]) -> "FacetArrays":
        return cls(len(table), lambda n: table[n], single, multi)

    def counts(self, mask: np.ndarray) -> dict[str, Counter]:
        mask = _fit(mask, self.size)
        self._ensure(np.flatnonzero(mask))
        out: dict[str, Counter] = {}
        for name, codes in self.single.items():
            chosen = codes[mask]
            out[name] = _count(chosen[chosen >= 0], self._names(name))
        for name, (docs, codes) in self.multi.items():
            out[name] = _count(codes[mask[docs]], self._names(name))
        return out

    def _ensure(self, docs: np.ndarray) -> None:
        """Read and encode the facets of the documents not seen yet."""
        with self._lock:
            new = docs[~self._loaded[docs]]
            if not len(new):
                return
            pairs: dict[str, tuple[list[int], list[int]]] = {name: ([], []) for name in self.multi}
            for n in new.tolist():
                data = self._load(n) or {}
                for name, codes in self.single.items():
                    value = data.get(name)
                    if value:
                        codes[n] = self._code(name, value)
                for name, (doc_list, code_list) in pairs.items():
                    for value in data.get(name) or ():
                        doc_list.append(n)
                        code_list.append(self._code(name, value))
            self._loaded[new] = True
            for name, (doc_list, code_list) in pairs.items():
                if doc_list:
                    docs_now, codes_now = self.multi[name]
                    self.multi[name] = (np.concatenate([docs_now, np.asarray(doc_list, dtype=np.int64)]),
                                        np.concatenate([codes_now, np.asarray(code_list, dtype=np.int64)]))

    def _code(self, name: str, value: Any) -> int:
        index = self._index[name]
        return index.setdefault(value, len(index))

    def _names(self, name: str) -> list[Any]:
        return list(self._index[name])


def _fit(mask: np.ndarray, size: int) -> np.ndarray:
    if len(mask) == size:
        return mask
    return mask[:size] if len(mask) > size else np.pad(mask, (0, size - len(mask)))


def _count(codes: np.ndarray, names: list[str]) -> Counter:
    if not len(codes):
        return Counter()
    tally = np.bincount(codes, minlength=len(names))
    return Counter({names[i]: int(c) for i, c in enumerate(tally) if c})
