"""Score the project against hand-made labels (``shared/eval/dev`` by default).

    python -m indexer.evaluate [--labels DIR] [--corpus DIR] [--task entities,decisions] [--json FILE]

Each task is a function ``(labels_dir, corpus_dir, out) -> dict`` registered in
``TASKS``; it reads its label file, runs the project, prints a table plus the misses
and false hits per file to ``out``, and returns its figures (what ``--json`` writes).
The matching rules are those of the labels' README, implemented by the small pure
functions below so they can be tested alone.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any, Callable, Iterable, TextIO

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_LABELS = PROJECT_ROOT.parent / "shared" / "eval" / "dev"
DEFAULT_CORPUS = PROJECT_ROOT.parent / "shared" / "corpus" / "scs-minutes"
ENTITY_TYPES = ("person", "project", "version", "issue")


class UsageError(Exception):
    """Bad input: missing labels or corpus (exit status 2)."""


# --- matching rules -------------------------------------------------------------------

def entity_key(etype: str, value: str) -> Any:
    """The comparable form of an entity value (see the labels' README)."""
    value = str(value).strip()
    if etype == "person":
        return value.lstrip("@").lower()
    if etype == "project":
        return re.sub(r"[^0-9a-z]", "", value.lower())
    if etype == "version":
        v = value.lower()
        return v[1:] if len(v) > 1 and v[0] == "v" else v
    if etype == "issue":
        return issue_parts(value)
    return value.lower()


def issue_parts(value: str) -> tuple[str | None, str | None, str]:
    """``owner/repo#N`` -> (owner, repo, N), lower-cased; missing parts None."""
    ref, _, num = value.strip().rpartition("#")
    num = num.strip().lstrip("0") or "0"
    owner = repo = None
    ref = ref.strip().strip("/")
    if ref:
        if "/" in ref:
            owner, repo = ref.rsplit("/", 1)
            owner = owner.lower() or None
        else:
            repo = ref
        repo = repo.lower() if repo else None
    return owner, repo, num


def entity_match(etype: str, predicted: str, gold: str) -> bool:
    p, g = entity_key(etype, predicted), entity_key(etype, gold)
    if etype != "issue":
        return p == g
    (po, pr, pn), (go, gr, gn) = p, g
    if pn != gn:
        return False
    if pr and gr and pr != gr:
        return False
    if po and go and pr and gr and po != go:
        return False
    return True


def score_entities_doc(predicted: Iterable[dict[str, Any]], gold: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per type: tp, fp, fn and the values missed / falsely found, for one document."""
    out: dict[str, dict[str, Any]] = {}
    pred_by_type: dict[str, dict[Any, str]] = {t: {} for t in ENTITY_TYPES}
    for e in predicted:
        etype = e.get("type")
        if etype in pred_by_type:
            key = entity_key(etype, e["value"])
            pred_by_type[etype].setdefault(key, e["value"])
    for etype in ENTITY_TYPES:
        preds = list(pred_by_type[etype].values())
        entries = [g for g in gold if g.get("type") == etype]
        tp = fn = 0
        misses, false_hits = [], []
        used = set()
        for g in entries:
            hit = [i for i, p in enumerate(preds) if any(entity_match(etype, p, v) for v in g["values"])]
            used.update(hit)
            if g.get("optional"):
                continue
            if hit:
                tp += 1
            else:
                fn += 1
                misses.append(g["values"][0])
        for i, p in enumerate(preds):
            if i not in used:
                false_hits.append(p)
        out[etype] = {"tp": tp, "fp": len(false_hits), "fn": fn, "misses": misses, "false_hits": false_hits}
    return out


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


WORD = re.compile(r"\w+")


def words(text: str) -> set[str]:
    return set(WORD.findall(text.lower()))


def jaccard(a: str, b: str) -> float:
    wa, wb = words(a), words(b)
    if not wa and not wb:
        return 1.0
    return len(wa & wb) / len(wa | wb)


def item_match(pred: dict[str, Any], gold: dict[str, Any]) -> bool:
    """Same item: lines at most one apart, or word sets overlapping by >= 60% (Jaccard)."""
    return abs(int(pred["line"]) - int(gold["line"])) <= 1 or jaccard(pred.get("text", ""), gold.get("text", "")) >= 0.6


def score_items_doc(pred: dict[str, list[dict[str, Any]]], gold: dict[str, list[dict[str, Any]]],
                    borderline: list[dict[str, Any]]) -> dict[str, Any]:
    """pred/gold: {"decision": [...], "action": [...]} for one document."""
    result: dict[str, Any] = {}
    matched: dict[str, dict[int, int]] = {}
    for kind in ("decision", "action"):
        golds = gold.get(kind, [])
        preds = pred.get(kind, [])
        pairs = []
        for pi, p in enumerate(preds):
            for gi, g in enumerate(golds):
                if item_match(p, g):
                    pairs.append((abs(int(p["line"]) - int(g["line"])), -jaccard(p.get("text", ""), g.get("text", "")), pi, gi))
        pairs.sort()
        p_used: dict[int, int] = {}
        g_used: set[int] = set()
        for _, _, pi, gi in pairs:
            if pi in p_used or gi in g_used:
                continue
            p_used[pi] = gi
            g_used.add(gi)
        matched[kind] = p_used
    for kind, other in (("decision", "action"), ("action", "decision")):
        golds = gold.get(kind, [])
        preds = pred.get(kind, [])
        p_used = matched[kind]
        tp = len(p_used)
        fn_items = [g for gi, g in enumerate(golds) if gi not in set(p_used.values())]
        fp_items = []
        for pi, p in enumerate(preds):
            if pi in p_used:
                continue
            if any(item_match(p, b) for b in borderline) or any(item_match(p, g) for g in gold.get(other, [])):
                continue
            fp_items.append(p)
        entry = {"tp": tp, "fp": len(fp_items), "fn": len(fn_items), "misses": fn_items, "false_hits": fp_items}
        if kind == "action":
            with_owners = 0
            right = 0
            wrong = []
            for pi, gi in p_used.items():
                g_owners = {o.lower().lstrip("@") for o in golds[gi].get("owners", [])}
                if not g_owners:
                    continue
                with_owners += 1
                p_owners = {o.lower().lstrip("@") for o in preds[pi].get("owners", [])}
                if g_owners <= p_owners:
                    right += 1
                else:
                    wrong.append({"line": golds[gi]["line"], "gold": sorted(g_owners), "predicted": sorted(p_owners)})
            entry.update({"owners_total": with_owners, "owners_right": right, "owner_errors": wrong})
        result[kind] = entry
    return result


# --- running the project ------------------------------------------------------------------

def _load_labels(labels_dir: Path, name: str) -> dict[str, Any]:
    path = labels_dir / name
    if not path.is_file():
        raise UsageError(f"label file {path} not found")
    return json.loads(path.read_text(encoding="utf-8"))


def report_for(corpus_dir: Path, rel_path: str) -> dict[str, Any]:
    """The contract's ``entities`` object for one corpus file, computed in-process."""
    from .nlp import annotate, entities_report
    from .parse import parse_minutes

    path = corpus_dir / rel_path
    if not path.is_file():
        raise UsageError(f"corpus file {path} not found")
    minutes = parse_minutes(path.read_bytes(), rel_path, str(corpus_dir))
    minutes = next(annotate([minutes]))
    return entities_report(minutes, rel_path)


def task_entities(labels_dir: Path, corpus_dir: Path, out: TextIO) -> dict[str, Any]:
    labels = _load_labels(labels_dir, "entities.json")
    totals = {t: [0, 0, 0] for t in ENTITY_TYPES}
    per_file = {}
    for doc in labels["docs"]:
        report = report_for(corpus_dir, doc["path"])
        scored = score_entities_doc(report["entities"], doc["entities"])
        per_file[doc["path"]] = scored
        for t in ENTITY_TYPES:
            for i, k in enumerate(("tp", "fp", "fn")):
                totals[t][i] += scored[t][k]
    figures = {t: prf(*totals[t]) for t in ENTITY_TYPES}
    figures["micro"] = prf(*(sum(totals[t][i] for t in ENTITY_TYPES) for i in range(3)))
    print("== entities", file=out)
    print(f"{'type':<10}{'P':>8}{'R':>8}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}", file=out)
    for name, f in figures.items():
        print(f"{name:<10}{f['precision']:>8.3f}{f['recall']:>8.3f}{f['f1']:>8.3f}{f['tp']:>6}{f['fp']:>6}{f['fn']:>6}",
              file=out)
    for path, scored in per_file.items():
        lines = []
        for t in ENTITY_TYPES:
            if scored[t]["misses"]:
                lines.append(f"   missed {t}: {', '.join(map(str, scored[t]['misses']))}")
            if scored[t]["false_hits"]:
                lines.append(f"   false {t}: {', '.join(map(str, scored[t]['false_hits']))}")
        if lines:
            print(f" {path}", file=out)
            print("\n".join(lines), file=out)
    return {"figures": figures, "files": per_file}


def task_decisions(labels_dir: Path, corpus_dir: Path, out: TextIO) -> dict[str, Any]:
    labels = _load_labels(labels_dir, "decisions.json")
    totals = {"decision": [0, 0, 0], "action": [0, 0, 0]}
    owners_total = owners_right = 0
    per_file = {}
    for doc in labels["docs"]:
        report = report_for(corpus_dir, doc["path"])
        pred = {"decision": report["decisions"], "action": report["actions"]}
        gold = {"decision": doc.get("decisions", []), "action": doc.get("actions", [])}
        scored = score_items_doc(pred, gold, doc.get("borderline", []))
        per_file[doc["path"]] = scored
        for kind in totals:
            for i, k in enumerate(("tp", "fp", "fn")):
                totals[kind][i] += scored[kind][k]
        owners_total += scored["action"]["owners_total"]
        owners_right += scored["action"]["owners_right"]
    figures: dict[str, Any] = {kind: prf(*totals[kind]) for kind in totals}
    figures["owners"] = {"accuracy": round(owners_right / owners_total, 4) if owners_total else 1.0,
                         "right": owners_right, "total": owners_total}
    print("== decisions and actions", file=out)
    print(f"{'kind':<10}{'P':>8}{'R':>8}{'F1':>8}{'tp':>6}{'fp':>6}{'fn':>6}", file=out)
    for kind in ("decision", "action"):
        f = figures[kind]
        print(f"{kind:<10}{f['precision']:>8.3f}{f['recall']:>8.3f}{f['f1']:>8.3f}{f['tp']:>6}{f['fp']:>6}{f['fn']:>6}",
              file=out)
    o = figures["owners"]
    print(f"owners    {o['accuracy']:.3f} ({o['right']}/{o['total']})", file=out)
    for path, scored in per_file.items():
        lines = []
        for kind in ("decision", "action"):
            for g in scored[kind]["misses"]:
                lines.append(f"   missed {kind} {g['line']}: {g['text'].strip()}")
            for p in scored[kind]["false_hits"]:
                lines.append(f"   false {kind} {p['line']}: {p['text'].strip()}")
        for err in scored["action"]["owner_errors"]:
            lines.append(f"   owners at {err['line']}: gold {err['gold']}, predicted {err['predicted']}")
        if lines:
            print(f" {path}", file=out)
            print("\n".join(lines), file=out)
    return {"figures": figures, "files": per_file}


def task_search(labels: Path, corpus: Path, out: TextIO) -> dict[str, Any]:
    from .search_eval import task_search as run

    return run(labels, corpus, out)


def task_timelines(labels: Path, corpus: Path, out: TextIO) -> dict[str, Any]:
    from .search_eval import task_timelines as run

    return run(labels, corpus, out)


#: name -> task function.
TASKS: dict[str, Callable[[Path, Path, TextIO], dict[str, Any]]] = {
    "entities": task_entities,
    "decisions": task_decisions,
    "search": task_search,
    "timelines": task_timelines,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m indexer.evaluate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", type=Path, default=DEFAULT_LABELS, help="folder with the label files")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="corpus root the labels refer to")
    parser.add_argument("--task", default="", help=f"comma-separated tasks (default all: {','.join(TASKS)})")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    tasks = [t.strip() for t in args.task.split(",") if t.strip()] or list(TASKS)
    unknown = [t for t in tasks if t not in TASKS]
    try:
        if unknown:
            raise UsageError(f"unknown task {', '.join(unknown)} (known: {', '.join(TASKS)})")
        if not args.labels.is_dir():
            raise UsageError(f"labels folder {args.labels} not found")
        if not args.corpus.is_dir():
            raise UsageError(f"corpus folder {args.corpus} not found")
        results = {}
        for name in tasks:
            results[name] = TASKS[name](args.labels, args.corpus, sys.stdout)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
