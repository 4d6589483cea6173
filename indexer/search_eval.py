"""Search evaluation: MRR@10, Recall@10 and nDCG@10 at section level, against plain BM25.

The baseline is computed in the same run over the same sections (plain BM25, k1 1.2,
b 0.75, lower-cased word tokens, no stemming), so the gain is a ratio measured on
one machine, not a figure copied from elsewhere.
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

from .discover import minutes_files, read_source
from .parse import UnreadableFile, parse_minutes

K = 10
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Ranked:
    path: str
    line: int
    heading: str


class PlainBM25:
    """The baseline: BM25 over heading + body of each section, nothing else."""

    def __init__(self, sections: Sequence[tuple[Ranked, str]], k1: float = 1.2, b: float = 0.75):
        self.k1, self.b = k1, b
        self.docs = [r for r, _ in sections]
        self.lengths: list[int] = []
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for n, (_, text) in enumerate(sections):
            counts = Counter(_WORD.findall(text.lower()))
            self.lengths.append(sum(counts.values()))
            for word, tf in counts.items():
                self.postings[word].append((n, tf))
        self.avg = sum(self.lengths) / max(len(self.lengths), 1)

    def search(self, query: str, k: int = K) -> list[Ranked]:
        scores: dict[int, float] = defaultdict(float)
        total = len(self.docs)
        for word in set(_WORD.findall(query.lower())):
            postings = self.postings.get(word, [])
            idf = math.log(1 + (total - len(postings) + 0.5) / (len(postings) + 0.5))
            for n, tf in postings:
                norm = tf + self.k1 * (1 - self.b + self.b * self.lengths[n] / self.avg)
                scores[n] += idf * tf * (self.k1 + 1) / norm
        best = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
        return [self.docs[n] for n, _ in best]


def corpus_sections(corpus: Path) -> list[tuple[Ranked, str]]:
    sections = []
    for source in minutes_files(corpus):
        try:
            minutes = parse_minutes(read_source(source.full_path, source.root), source.path, str(source.root))
        except (OSError, UnreadableFile):
            continue
        for s in minutes.sections:
            sections.append((Ranked(minutes.path, s.line, s.heading), s.text))
    return sections


def is_match(hit: Ranked, gold: dict, unique_headings: dict[str, Counter]) -> bool:
    """Same file and same section: by the heading's line, or by heading text when unique in the file."""
    if hit.path != gold["path"]:
        return False
    if hit.line == gold.get("line"):
        return True
    heading = gold.get("heading")
    return heading is not None and hit.heading == heading and unique_headings[hit.path][heading] == 1


def score_ranking(hits: Sequence[Ranked], relevant: Sequence[dict], unique_headings: dict[str, Counter]) -> dict[str, float]:
    found: set[int] = set()
    gains: list[int] = []
    first = 0
    for rank, hit in enumerate(hits[:K], 1):
        match = next((i for i, gold in enumerate(relevant) if i not in found and is_match(hit, gold, unique_headings)), None)
        if match is not None:
            found.add(match)
            gains.append(1)
            first = first or rank
        else:
            gains.append(0)
    dcg = sum(g / math.log2(r + 1) for r, g in enumerate(gains, 1))
    ideal = sum(1 / math.log2(r + 1) for r in range(1, min(len(relevant), K) + 1))
    return {
        "mrr": 1 / first if first else 0.0,
        "recall": len(found) / len(relevant) if relevant else 0.0,
        "ndcg": dcg / ideal if ideal else 0.0,
    }


def headings_by_file(sections: Iterable[tuple[Ranked, str]]) -> dict[str, Counter]:
    counts: dict[str, Counter] = defaultdict(Counter)
    for ranked, _ in sections:
        counts[ranked.path][ranked.heading] += 1
    return counts


def evaluate_search(labels: Path, corpus: Path, index: Path) -> dict:
    """Score the index and the baseline on every query of search.json."""
    from .query import open_engine, search

    queries = json.loads((labels / "search.json").read_text())["queries"]
    sections = corpus_sections(corpus)
    unique = headings_by_file(sections)
    baseline = PlainBM25(sections)
    engine = open_engine(index)
    rows = []
    for q in queries:
        ours = [Ranked(h.path, h.line, h.heading) for h in search(engine, q["query"], limit=K, facets=False).hits]
        base = baseline.search(q["query"])
        rows.append({"id": q["id"], "query": q["query"], "relevant": len(q["relevant"]),
                     "minutes": score_ranking(ours, q["relevant"], unique),
                     "baseline": score_ranking(base, q["relevant"], unique),
                     "missed": [f"{g['path']}:{g['line']} {g['heading']}" for g in q["relevant"]
                                if not any(is_match(h, g, unique) for h in ours)]})
        typo = with_typo(q["query"])
        ours = [Ranked(h.path, h.line, h.heading) for h in search(engine, typo, limit=K, facets=False).hits]
        rows[-1].update({"typo_query": typo, "typo": score_ranking(ours, q["relevant"], unique),
                         "typo_baseline": score_ranking(baseline.search(typo), q["relevant"], unique)})
    summary = {system: {m: sum(r[system][m] for r in rows) / len(rows) for m in ("mrr", "recall", "ndcg")}
               for system in ("minutes", "baseline", "typo", "typo_baseline")}
    base_recall = summary["baseline"]["recall"]
    summary["recall_ratio"] = summary["minutes"]["recall"] / base_recall if base_recall else float("inf")
    return {"queries": rows, "summary": summary}


def with_typo(query: str) -> str:
    """The query with one typo: two letters swapped in the middle of its longest word.

    Swapped neighbours are the commonest typing slip that keeps the first letter;
    scoring the same needs with one slip each shows what a typo costs.
    """
    words = sorted({w for w in re.findall(r"[^\W\d_]{5,}", query)}, key=lambda w: (-len(w), w))
    for word in words:
        i = len(word) // 2
        if word[i - 1] != word[i]:
            slipped = word[: i - 1] + word[i] + word[i - 1] + word[i + 1:]
            return re.sub(rf"\b{re.escape(word)}\b", slipped, query, count=1)
    return query


def format_search_report(report: dict, verbose: bool = True) -> str:
    lines = ["search (top 10, section level)", f"{'query':34} {'rel':>3}  {'MRR':>5} {'R@10':>5} {'nDCG':>5}   baseline MRR R@10 nDCG"]
    for r in report["queries"]:
        m, b = r["minutes"], r["baseline"]
        lines.append(f"{r['query'][:34]:34} {r['relevant']:>3}  {m['mrr']:5.2f} {m['recall']:5.2f} {m['ndcg']:5.2f}"
                     f"            {b['mrr']:4.2f} {b['recall']:4.2f} {b['ndcg']:4.2f}")
    s = report["summary"]
    lines.append(f"{'mean':34} {'':>3}  {s['minutes']['mrr']:5.2f} {s['minutes']['recall']:5.2f} {s['minutes']['ndcg']:5.2f}"
                 f"            {s['baseline']['mrr']:4.2f} {s['baseline']['recall']:4.2f} {s['baseline']['ndcg']:4.2f}")
    lines.append(f"Recall@10 ratio to the BM25 baseline: {s['recall_ratio']:.2f}")
    t, tb = s["typo"], s["typo_baseline"]
    lines.append(f"{'same needs, one typo each':34} {'':>3}  {t['mrr']:5.2f} {t['recall']:5.2f} {t['ndcg']:5.2f}"
                 f"            {tb['mrr']:4.2f} {tb['recall']:4.2f} {tb['ndcg']:4.2f}")
    if verbose:
        for r in report["queries"]:
            for miss in r["missed"]:
                lines.append(f"  missed [{r['query']}] {miss}")
    return "\n".join(lines)


_BUILT: dict[Path, Any] = {}


def index_for(corpus: Path) -> Path:
    """$MINUTES_EVAL_INDEX, or an index of `corpus` built once per process (search and timelines share it)."""
    import os
    import tempfile

    from .indexing import build

    given = os.environ.get("MINUTES_EVAL_INDEX")
    if given:
        return Path(given)
    key = corpus.resolve()
    if key not in _BUILT:
        tmp = tempfile.TemporaryDirectory(prefix="minutes-eval-")
        build(Path(tmp.name) / "index", [corpus])
        _BUILT[key] = tmp  # removed when the process ends
    return Path(_BUILT[key].name) / "index"


def task_search(labels: Path, corpus: Path, out) -> dict:
    """`make eval` task: score search on an index of the corpus."""
    if not (labels / "search.json").exists():
        print(f"search: no search.json in {labels}; skipped", file=out)
        return {}
    report = evaluate_search(labels, corpus, index_for(corpus))
    print(format_search_report(report), file=out)
    return report


# -- timelines ----------------------------------------------------------------------------
def evaluate_timelines(labels: Path, index: Path) -> dict:
    """Each topic's timeline against its expected files: precision, recall, date order."""
    from .query import open_engine, timeline

    topics = json.loads((labels / "timelines.json").read_text())["topics"]
    engine = open_engine(index)
    rows = []
    for t in topics:
        events = timeline(engine, t["topic"]).events
        found = list(dict.fromkeys(e.path for e in events))
        expected = set(t["expected_paths"])
        hits = expected.intersection(found)
        dates = [e.date for e in events if e.date]  # undated meetings come last
        rows.append({"id": t["id"], "topic": t["topic"], "expected": len(expected), "found": len(found),
                     "precision": len(hits) / len(found) if found else 0.0,
                     "recall": len(hits) / len(expected) if expected else 1.0,
                     "in_order": dates == sorted(dates),
                     "missed": sorted(expected - set(found)), "false": sorted(set(found) - expected)})
    summary = {m: sum(r[m] for r in rows) / len(rows) for m in ("precision", "recall")} if rows else {}
    summary["in_order"] = all(r["in_order"] for r in rows)
    return {"topics": rows, "summary": summary}


def format_timeline_report(report: dict, verbose: bool = True) -> str:
    lines = ["timelines (distinct files among the events)",
             f"{'topic':20} {'expected':>8} {'found':>6} {'P':>6} {'R':>6}  date order"]
    for r in report["topics"]:
        lines.append(f"{r['topic'][:20]:20} {r['expected']:>8} {r['found']:>6} {r['precision']:6.3f} {r['recall']:6.3f}"
                     f"  {'yes' if r['in_order'] else 'NO'}")
    s = report["summary"]
    if "precision" in s:
        lines.append(f"{'mean':20} {'':>8} {'':>6} {s['precision']:6.3f} {s['recall']:6.3f}"
                     f"  {'yes' if s['in_order'] else 'NO'}")
    if verbose:
        for r in report["topics"]:
            lines.extend(f"  missed [{r['topic']}] {p}" for p in r["missed"])
            lines.extend(f"  false [{r['topic']}] {p}" for p in r["false"])
    return "\n".join(lines)


def task_timelines(labels: Path, corpus: Path, out) -> dict:
    """`make eval` task: score `minutes timeline` on timelines.json."""
    if not (labels / "timelines.json").exists():
        print(f"timelines: no timelines.json in {labels}; skipped", file=out)
        return {}
    report = evaluate_timelines(labels, index_for(corpus))
    print(format_timeline_report(report), file=out)
    return report
