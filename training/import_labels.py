"""Copy the annotators' label files into training/labels as line references only.

The annotators' files (``--source``, one ``<community>.json`` each) may quote minutes text
in their notes; the repository keeps only paths, line numbers, kinds and owners.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent


def references(doc: dict) -> dict:
    """One labelled file without any free text."""
    return {
        "path": doc["path"],
        "decisions": [{"line": int(d["line"])} for d in doc.get("decisions", [])],
        "actions": [{"line": int(a["line"]), "owners": a.get("owners", [])} for a in doc.get("actions", [])],
        "borderline": [{"line": int(b["line"]), "kind": b.get("kind", "")} for b in doc.get("borderline", [])],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--source", type=Path, default=Path("/work/train-labels"))
    ap.add_argument("--out", type=Path, default=HERE / "labels")
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    for src in sorted(a.source.glob("*.json")):
        data = json.loads(src.read_text(encoding="utf-8"))
        docs = [references(d) for d in data.get("docs", [])]
        out = {"corpus": data.get("corpus", src.stem), "docs": docs}
        (a.out / src.name).write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{src.stem}: {len(docs)} files")


if __name__ == "__main__":
    main()
