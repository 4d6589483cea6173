"""Ablation of the search ranking, per community: each part with and without it, in one process.

`eval_all.py` builds an index and runs the `minutes` command for every figure; trying
twenty settings that way costs twenty builds. Query-time settings do not need a new index,
so this script builds (or reuses) one index per community and varies the constants of
`indexer.relevance` between runs of `indexer.query.search`, scoring each run with the
shared scorer's own matching rule (`../shared/eval/score.py`, `hit_matches`) and the plain
BM25 baseline of `score.py baseline`.

    python evaluation/ablate.py --work /tmp/ab                        # the default setting
    python evaluation/ablate.py --work /tmp/ab --variant "no time lift" TIME_LIFT=0
    python evaluation/ablate.py --work /tmp/ab --table                # the README's ablation table
    python evaluation/ablate.py --work /tmp/ab --dump before.json     # every top 10, to diff a refactor

A variant is a name and `CONSTANT=value` assignments (several separated by commas), each
constant one of `indexer.relevance`. `--loco NAME=v1,v2,...` chooses a constant by
leave-one-community-out: for each community, the value best on the other three
(mean of MRR@10 and Recall@10 ratios to BM25) is scored on the held-out one.
"""
from __future__ import annotations

import argparse
import contextlib
import copy
import itertools
import importlib.util
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

K = 10

#: The ablation table: each heuristic switched off alone (the README shows this table).
ABLATIONS: list[tuple[str, str]] = [
    ("all parts (default)", ""),
    ("no time lift", "TIME_LIFT=0"),
    ("time lift as first tuned (2x, 45 days)", "TIME_LIFT=2,TIME_SCALE_DAYS=45"),
    ("no coverage", "COVERAGE_POWER=0"),
    ("no same-file decay", "SAME_FILE_DECAY=1"),
    ("no all-words boost", "COORDINATION_BOOST=0"),
    ("no acronyms", "EQUIVALENT_BOOST=0"),
    ("term proximity (within 3 words)", "PROXIMITY_BOOST=1"),
]


def load_scorer(shared: Path) -> Any:
    """The shared scorer as a module (its matching rule and baseline are the ones that count)."""
    spec = importlib.util.spec_from_file_location("shared_score", shared / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


@dataclass
class Community:
    name: str
    corpus: Path
    queries: list[dict]
    engine: Any
    baseline: dict[str, float]
    lines_of: Any
    baseline_hits: list[list[dict]]


def open_community(label: Path, shared: Path, work: Path, scorer: Any) -> Community:
    """The community's index (built once into `work`), its queries and its BM25 figures."""
    from indexer.indexing import build
    from indexer.query import open_engine

    corpus = shared / "corpus" / label.stem
    index = work / f"ix-{label.stem}"
    if not index.exists():
        build(index, [corpus])
    queries = [q for q in json.loads(label.read_text())["queries"] if q.get("query")]
    base = scorer.score_search_baseline(queries, str(corpus), K)["bm25_sections"]
    cache: dict[str, dict] = {}

    def lines_of(path: str) -> dict:
        if path not in cache:
            cache[path] = scorer.heading_lines(str(corpus), path)
        return cache[path]

    base_hits = [out["hits"] for out in scorer.bm25_baseline(queries, str(corpus), K)]
    return Community(label.stem, corpus, queries, remembering(open_engine(index)),
                     {"mrr": base[f"mrr@{K}"], "recall": base[f"recall@{K}"]}, lines_of, base_hits)


def remembering(engine: Any) -> Any:
    """The engine with its candidates and stored fields kept per query tree: a setting that
    changes only the re-ranking then costs no retrieval. Callers get copies (the re-ranker
    writes scores into the rows of the page)."""
    candidates, stored = engine.candidates, engine.stored
    seen: dict[str, Any] = {}
    texts: dict[int, dict] = {}

    def remembered_candidates(query: Any, depth: int, marks: Any = None, facets: bool = True) -> Any:
        key = repr((query, depth, marks, facets))
        if key not in seen:
            seen[key] = candidates(query, depth, marks, facets=facets)
        total, rows, counts = seen[key]
        return total, [copy.copy(r) for r in rows], counts

    def remembered_stored(docnum: int) -> dict:
        if docnum not in texts:
            texts[docnum] = stored(docnum)
        return dict(texts[docnum])

    engine.candidates, engine.stored = remembered_candidates, remembered_stored
    return engine


def index_time_constants(assignments: dict[str, float]) -> None:
    """Set constants that shape the index itself (the build's worker processes are forked, so they see them)."""
    from indexer.store import analysis, schema

    for name, value in assignments.items():
        module = next((m for m in (schema, analysis) if hasattr(m, name)), None)
        if module is None:
            raise SystemExit(f"no index-time constant {name}")
        setattr(module, name, value)


def parse_assignments(text: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _, value = part.partition("=")
        out[name.strip()] = float(value)
    return out


@contextlib.contextmanager
def settings(assignments: dict[str, float]) -> Iterator[None]:
    """Set constants of `indexer.relevance` for the duration of a run, then put them back."""
    if not assignments:
        yield
        return
    from indexer import relevance

    old = {}
    for name, value in assignments.items():
        if not hasattr(relevance, name):
            raise SystemExit(f"indexer.relevance has no constant {name}")
        old[name] = getattr(relevance, name)
        setattr(relevance, name, type(old[name])(value))  # RERANK_DEPTH stays an int
    try:
        yield
    finally:
        for name, value in old.items():
            setattr(relevance, name, value)


def run_queries(c: Community, scorer: Any) -> tuple[dict[str, float], list[dict]]:
    """MRR@10 and Recall@10 of the current setting, and every query's top 10 with its own figures."""
    from indexer.query import search

    rr = rec = 0.0
    tops = []
    for q in c.queries:
        hits = [{"path": h.path, "heading": h.heading, "line": h.line, "score": h.score}
                for h in search(c.engine, q["query"], limit=K, facets=False).hits]
        q_rr, q_rec = judge(hits, q["relevant"], c, scorer)
        rr, rec = rr + q_rr, rec + q_rec
        tops.append({"id": q.get("id"), "query": q["query"], "mrr": q_rr, "recall": q_rec, "hits": hits})
    n = max(len(c.queries), 1)
    return {"mrr": rr / n, "recall": rec / n}, tops


def judge(hits: list[dict], rel: list[dict], c: Community, scorer: Any) -> tuple[float, float]:
    """Reciprocal rank of the first relevant hit and the share of relevant sections in the top 10."""
    first = next((i for i, h in enumerate(hits) if any(scorer.hit_matches(h, r, c.lines_of) for r in rel)), None)
    found = {i for i, r in enumerate(rel) if any(scorer.hit_matches(h, r, c.lines_of) for h in hits)}
    return (1 / (first + 1) if first is not None else 0.0), len(found) / len(rel)


def figures(communities: list[Community], scorer: Any, assignments: dict[str, float]) -> dict[str, dict[str, float]]:
    with settings(assignments):
        return {c.name: run_queries(c, scorer)[0] for c in communities}


def merit(fig: dict[str, float], base: dict[str, float]) -> float:
    """One number per community: the mean of MRR@10 and Recall@10, each as a ratio to BM25's."""
    return (fig["mrr"] / max(base["mrr"], 1e-9) + fig["recall"] / max(base["recall"], 1e-9)) / 2


def row(name: str, result: dict[str, dict[str, float]], communities: list[Community]) -> str:
    cells = [f"{result[c.name]['mrr']:.3f} / {result[c.name]['recall']:.3f}" for c in communities]
    return f"| {name} | " + " | ".join(cells) + " |"


def header(communities: list[Community]) -> str:
    names = [c.name for c in communities]
    return "| setting (MRR@10 / R@10) | " + " | ".join(names) + " |\n|---|" + "---|" * len(names)


def loco(communities: list[Community], scorer: Any, name: str, values: list[float]) -> list[str]:
    """Leave one community out: the value best on the others, scored on the one left out."""
    results = {v: figures(communities, scorer, {name: v}) for v in values}
    lines = [header(communities)]
    for v in values:
        lines.append(row(f"{name}={v:g}", results[v], communities))
    chosen = []
    for held in communities:
        others = [c for c in communities if c is not held]
        best = max(values, key=lambda v: sum(merit(results[v][c.name], c.baseline) for c in others))
        chosen.append(f"{held.name}: best on the others {name}={best:g} -> "
                      f"{results[best][held.name]['mrr']:.3f} / {results[best][held.name]['recall']:.3f}")
    overall = max(values, key=lambda v: sum(merit(results[v][c.name], c.baseline) for c in communities))
    return lines + chosen + [f"best over all four: {name}={overall:g}"]


def per_query(communities: list[Community], scorer: Any, variants: list[tuple[str, str]]) -> list[str]:
    """One line per query: MRR@10 / Recall@10 under each variant (to see where a part helps or hurts)."""
    lines = ["| query | BM25 | " + " | ".join(name for name, _ in variants) + " |", "|---|---|" + "---|" * len(variants)]
    runs = []
    for _, text in variants:
        with settings(parse_assignments(text)):
            runs.append({c.name: run_queries(c, scorer)[1] for c in communities})
    for c in communities:
        for i, q in enumerate(c.queries):
            base = judge(c.baseline_hits[i], q["relevant"], c, scorer)
            cells = [f"{base[0]:.2f} / {base[1]:.2f}"]
            cells += [f"{run[c.name][i]['mrr']:.2f} / {run[c.name][i]['recall']:.2f}" for run in runs]
            lines.append(f"| {c.name} {q['query'][:30]} | " + " | ".join(cells) + " |")
    return lines


def grid(communities: list[Community], scorer: Any, spec: str) -> list[str]:
    """Leave one community out over a joint grid: for each community, the setting best on the
    other three (summed merit), scored on the one left out; then the setting best on all four.
    Ties go to the first setting in grid order, so list each constant's values from the simplest."""
    axes = [(name, [float(v) for v in values.split(",")])
            for name, _, values in (part.partition("=") for part in spec.split(";") if part.strip())]
    points = [dict(zip([n for n, _ in axes], combo)) for combo in itertools.product(*[v for _, v in axes])]
    results = [figures(communities, scorer, point) for point in points]

    def total(i: int, names: list[str]) -> float:
        return sum(merit(results[i][n], next(c.baseline for c in communities if c.name == n)) for n in names)

    names = [c.name for c in communities]
    lines = [f"grid of {len(points)} settings: {spec}"]
    for held in names:
        best = max(range(len(points)), key=lambda i: (total(i, [n for n in names if n != held]), -i))
        lines.append(f"{held}: best on the others {points[best]} -> "
                     f"{results[best][held]['mrr']:.3f} / {results[best][held]['recall']:.3f}")
    best = max(range(len(points)), key=lambda i: (total(i, names), -i))
    lines.append(f"best on all four: {points[best]}")
    lines.append(header(communities))
    lines.append(row("that setting", results[best], communities))
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--work", type=Path, required=True, help="folder for the indexes (reused when present)")
    ap.add_argument("--only", nargs="*", help="community names (label file stems)")
    ap.add_argument("--variant", nargs=2, action="append", default=[], metavar=("NAME", "ASSIGNMENTS"))
    ap.add_argument("--table", action="store_true", help="the ablation table: each part switched off alone")
    ap.add_argument("--index-variant", nargs=2, metavar=("NAME", "ASSIGNMENTS"),
                    help="build the indexes with index-time constants changed (HEADING_BOOST of store.schema, "
                         "LINK_WEIGHT of store.analysis) into WORK/NAME, and score the default setting on them")
    ap.add_argument("--loco", action="append", default=[], metavar="NAME=V1,V2,...")
    ap.add_argument("--grid", action="append", default=[], metavar="A=V1,V2;B=V1,V2",
                    help="leave-one-community-out over the joint grid of several constants")
    ap.add_argument("--dump", type=Path, help="write every query's top 10 of the default setting as JSON")
    ap.add_argument("--per-query", action="store_true", help="each query's MRR@10 and Recall@10 per variant")
    a = ap.parse_args(argv)
    scorer = load_scorer(a.shared)
    labels = sorted((a.shared / "eval" / "dev").glob("*.json"))
    labels = [p for p in labels if not a.only or p.stem in a.only]
    if a.index_variant:
        a.work = a.work / a.index_variant[0].replace(" ", "-")
        index_time_constants(parse_assignments(a.index_variant[1]))
    a.work.mkdir(parents=True, exist_ok=True)
    communities = [open_community(p, a.shared, a.work, scorer) for p in labels]
    if a.dump:
        a.dump.write_text(json.dumps({c.name: run_queries(c, scorer)[1] for c in communities}, indent=1))
    variants = list(ABLATIONS) if a.table else [("default", "")]
    variants += [(n, s) for n, s in a.variant]
    print(header(communities))
    print(row("plain BM25 (score.py baseline)", {c.name: c.baseline for c in communities}, communities))
    for name, text in variants:
        print(row(name, figures(communities, scorer, parse_assignments(text)), communities), flush=True)
    if a.per_query:
        print("\n" + "\n".join(per_query(communities, scorer, variants)))
    for spec in a.loco:
        name, _, values = spec.partition("=")
        print("\n" + "\n".join(loco(communities, scorer, name, [float(v) for v in values.split(",")])), flush=True)
    for spec in a.grid:
        print("\n" + "\n".join(grid(communities, scorer, spec)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
