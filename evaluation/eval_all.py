"""`make eval`: score every community of ../shared/eval/dev with ../shared/eval/score.py.

For each label file (one per community) it builds an index of that community's corpus,
runs `score.py labels` and `score.py baseline` (a plain BM25 over the same sections, the
same run), keeps the full JSON reports (with missed and spurious examples) in --out, and
prints one table row per community: never only a pooled figure.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

COLUMNS = [
    ("entity F1", "entities", "micro:F1"),
    ("proj F1", "entities", "project:F1"),
    ("ver F1", "entities", "version:F1"),
    ("pers F1", "entities", "person:F1"),
    ("dec P", "decisions", "decisions:P"),
    ("dec R", "decisions", "decisions:R"),
    ("act P", "decisions", "actions:P"),
    ("act R", "decisions", "actions:R"),
    ("owners", "decisions", "owners"),
    ("dates", "meetings", "dates"),
    ("att F1", "meetings", "attendees:F1"),
    ("split F1", "meetings", "splitting:F1"),
    ("MRR", "queries", "MRR@10"),
    ("R@10", "queries", "R@10"),
    ("BM25 MRR", "baseline", "MRR@10"),
    ("BM25 R@10", "baseline", "R@10"),
    ("typo MRR", "typo", "MRR@10"),
    ("typo R@10", "typo", "R@10"),
    ("tl P", "topics", "timeline paths P"),
    ("tl R", "topics", "R"),
]


def parse_headline(line: str) -> dict[str, dict[str, str]]:
    """`entities[a=1 b:F1=2] decisions[...]` -> {"entities": {"a": "1", "b:F1": "2"}, ...}."""
    parts: dict[str, dict[str, str]] = {}
    for name, body in re.findall(r"(\w+)\[([^\]]*)\]", line):
        fields: dict[str, str] = {}
        prefix = ""
        for key, value in re.findall(r"([\w@:. ]+?)=(\S+)", body):
            key = key.strip()
            # "decisions:P=.. R=.." -> R belongs to the same group as the P before it
            if ":" in key:
                prefix = key.split(":")[0] + ":"
                fields[key] = value
            else:
                fields[prefix + key if prefix and key in ("R", "F1") else key] = value
                fields.setdefault(key, value)
        parts[name] = fields
    return parts


def parse_baseline(line: str) -> dict[str, str]:
    """The section-level BM25 figures of `score.py baseline`'s last line."""
    m = re.search(r"bm25_sections: MRR@10=(\S+) docMRR@10=\S+ R@10=(\S+)", line)
    return {"MRR@10": m.group(1), "R@10": m.group(2)} if m else {}


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


def typo_labels(label: Path, out: Path) -> Path | None:
    """A copy of the label file's search needs, each query with one typo (None: no needs)."""
    gold: dict[str, Any] = json.loads(label.read_text(encoding="utf-8"))
    queries = [dict(q, query=with_typo(q["query"])) for q in gold.get("queries", [])]
    if not queries:
        return None
    path = out / f"typo-{label.name}"
    path.write_text(json.dumps({"queries": queries}), encoding="utf-8")
    return path


def run(cmd: list[str], out: Path) -> str:
    """Run one command, keep its stdout in `out`, return its last line."""
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    out.write_text(proc.stdout)
    if proc.returncode != 0 or not proc.stdout.strip():
        sys.stderr.write(f"{' '.join(cmd[:4])} ... exited {proc.returncode}: {proc.stderr[-1500:]}\n")
    lines = proc.stdout.strip().splitlines()
    return lines[-1] if lines else ""


def score_community(label: Path, shared: Path, out: Path, minutes: str) -> dict[str, dict[str, str]]:
    """Build the community's index, score its labels and the BM25 baseline."""
    name = label.stem
    corpus = shared / "corpus" / name
    index = out / f"ix-{name}"
    build = subprocess.run([*minutes.split(), "build", str(corpus), "--index", str(index)],
                           capture_output=True, text=True, cwd=ROOT)
    (out / f"build-{name}.log").write_text(build.stdout + build.stderr)
    scorer = [sys.executable, str(shared / "eval" / "score.py")]
    common = ["--corpus", str(corpus), "--index", str(index), "--split", "all", "--minutes", minutes]
    parts = parse_headline(run([*scorer, "labels", "--gold", str(label), *common], out / f"labels-{name}.json"))
    parts["baseline"] = parse_baseline(run([*scorer, "baseline", "--gold", str(label), *common], out / f"baseline-{name}.json"))
    typos = typo_labels(label, out)
    if typos:
        head = parse_headline(run([*scorer, "labels", "--gold", str(typos), *common], out / f"typo-{name}.json"))
        parts["typo"] = head.get("queries", {})
    return parts


def table(rows: dict[str, dict[str, dict[str, str]]]) -> str:
    """One row per community, one column per headline figure."""
    header = ["community"] + [c[0] for c in COLUMNS]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for name, parts in rows.items():
        cells = [name] + [parts.get(part, {}).get(key, "-") for _, part, key in COLUMNS]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, help="folder for indexes and reports (default: a temporary one)")
    ap.add_argument("--only", nargs="*", help="community names (label file stems) to score")
    ap.add_argument("--minutes", default=f"{sys.executable} -m indexer", help="the command scored")
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args(argv)
    labels = sorted((a.shared / "eval" / "dev").glob("*.json"))
    if a.only:
        labels = [p for p in labels if p.stem in a.only]
    if not labels:
        print(f"error: no label files under {a.shared / 'eval' / 'dev'}", file=sys.stderr)
        return 2
    out = a.out or Path(tempfile.mkdtemp(prefix="minutes-eval-"))
    out.mkdir(parents=True, exist_ok=True)
    with concurrent.futures.ThreadPoolExecutor(a.jobs) as pool:
        futures = {p.stem: pool.submit(score_community, p, a.shared, out, a.minutes) for p in labels}
        rows = {name: f.result() for name, f in futures.items()}
    (out / "summary.json").write_text(json.dumps(rows, indent=1))
    print(table(rows))
    print(f"\nreports (missed and spurious examples): {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
