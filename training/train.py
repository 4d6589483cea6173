"""`make train`: train the decision/action classifier from the line references in training/labels.

The labels hold only paths and line numbers; the text is read from ``--shared``/corpus at
training time. Each labelled file is parsed and run through the pipeline up to the
candidates (`indexer.nlp.prepared_items`); a candidate whose lines hold a labelled decision
or action gets that label, one holding a borderline line is left out, every other one is
"neither". Files of the development labels (``--shared``/eval/dev) are refused.

    python training/train.py                      # train on every community, write the shipped model
    python training/train.py --cross              # train on three communities, test on the fourth
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indexer.nlp import prepared_items  # noqa: E402
from indexer.nlp.item_model import CONFIDENT, LABELS, MODEL_DIR, decide, feature_doc  # noqa: E402
from indexer.parse import parse_minutes  # noqa: E402

SEED = 0
EPOCHS = 3
#: Decisions and actions are one line in fifteen: each is shown this many times per epoch.
POSITIVE_WEIGHT = 3
BOW_LENGTH = 2 ** 16
NGRAMS = 2


@dataclass
class Sample:
    community: str
    path: str
    line: int  # 1-based line of the candidate in its file
    end: int
    label: str  # decision | action | neither
    features: str
    prepared: object  # item_finder.Prepared
    gold_owners: list


def dev_paths(shared: Path, community: str) -> set[str]:
    """Every path the development labels of a community mention (training must not use them)."""
    dev = shared / "eval" / "dev" / f"{community}.json"
    if not dev.is_file():
        return set()
    data = json.loads(dev.read_text(encoding="utf-8"))
    return {d["path"] for part in data.values() if isinstance(part, list) for d in part
            if isinstance(d, dict) and "path" in d}


def _label_of(lo: int, hi: int, doc: dict) -> tuple[str, list]:
    """The label of a candidate spanning file lines lo..hi ("" to leave it out)."""
    def hits(kind: str) -> list[dict]:
        return [x for x in doc.get(kind, []) if lo <= x["line"] <= hi]
    if hits("decisions"):
        return "decision", []
    acts = hits("actions")
    if acts:
        return "action", acts[0].get("owners", [])
    if hits("borderline"):
        return "", []
    return "neither", []


def samples_of(community: str, doc: dict, corpus: Path) -> list[Sample]:
    root = corpus / community
    raw = (root / doc["path"]).read_bytes()
    minutes = parse_minutes(raw, doc["path"], str(root), community)
    out = []
    for section, prepared in prepared_items(minutes):
        for p in prepared:
            lo, hi = section.line + p.cand.index, section.line + p.cand.end
            label, owners = _label_of(lo, hi, doc)
            if label:
                out.append(Sample(community, doc["path"], lo, hi, label, p.features, p, owners))
    return out


def load_samples(labels: Path, shared: Path) -> list[Sample]:
    samples: list[Sample] = []
    for f in sorted(labels.glob("*.json")):
        data = json.loads(f.read_text(encoding="utf-8"))
        community = data.get("corpus", f.stem)
        banned = dev_paths(shared, community)
        for doc in data["docs"]:
            if doc["path"] in banned:
                raise SystemExit(f"{f.name}: {doc['path']} is a development file; it may not be trained on")
            samples += samples_of(community, doc, shared / "corpus")
    return samples


def train(samples: list[Sample], epochs: int = EPOCHS):
    """A blank English pipeline with one bag-of-words textcat, trained in code."""
    import spacy
    from spacy.training import Example
    from spacy.util import fix_random_seed, minibatch

    fix_random_seed(SEED)
    nlp = spacy.blank("en")
    model = {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True, "ngram_size": NGRAMS,
             "no_output_layer": False, "length": BOW_LENGTH}
    textcat = nlp.add_pipe("textcat", config={"model": model, "threshold": 0.5})
    for label in LABELS:
        textcat.add_label(label)
    examples = [Example.from_dict(feature_doc(nlp, s.features),
                                  {"cats": {k: float(k == s.label) for k in LABELS}})
                for s in samples for _ in range(POSITIVE_WEIGHT if s.label != "neither" else 1)]
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(SEED)
    for _ in range(epochs):
        rng.shuffle(examples)
        losses: dict[str, float] = {}
        for batch in minibatch(examples, size=32):
            nlp.update(batch, sgd=optimizer, drop=0.2, losses=losses)
    return nlp


def evaluate(nlp, samples: list[Sample], cut: float = CONFIDENT) -> dict[str, dict[str, float]]:
    """Item-level precision/recall per kind at the confidence cut, and owners right."""
    counts = {k: {"tp": 0, "fp": 0, "fn": 0} for k in ("decision", "action")}
    owners_ok = owners_n = 0
    docs = nlp.pipe([feature_doc(nlp, s.features) for s in samples], batch_size=256)
    for s, doc in zip(samples, docs):
        p = s.prepared
        scored = decide(p.cand, p.rule, dict(doc.cats), p.owners, p.template)
        kind = scored.kind if scored.confidence >= cut else ""
        if kind and kind == s.label:
            counts[kind]["tp"] += 1
            if kind == "action" and s.gold_owners:
                owners_n += 1
                got = {o.lower().lstrip("@") for o in scored.owners}
                owners_ok += all(any(v.lower().lstrip("@") in got for v in o) for o in s.gold_owners)
        else:
            if kind and s.label == "neither":
                counts[kind]["fp"] += 1
            if s.label in counts and kind != s.label:
                counts[s.label]["fn"] += 1
    report = {}
    for k, c in counts.items():
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
        report[k] = {"P": round(p, 2), "R": round(r, 2), "n": c["tp"] + c["fn"]}
    report["owners"] = {"right": round(owners_ok / owners_n, 2) if owners_n else None, "n": owners_n}
    return report


CUTS = (0.1, 0.15, 0.2, 0.3, 0.5)


def cross_check(samples: list[Sample], epochs: int) -> None:
    """Train on three communities, test on the fourth: what a community never seen may expect."""
    communities = sorted({s.community for s in samples})
    for held in communities:
        nlp = train([s for s in samples if s.community != held], epochs)
        for cut in CUTS:
            rep = evaluate(nlp, [s for s in samples if s.community == held], cut)
            print(f"held out {held:16s} cut {cut} " + "  ".join(
                f"{k}: P={v['P']} R={v['R']} (n={v['n']})" if k != "owners" else f"owners={v['right']} (n={v['n']})"
                for k, v in rep.items()))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--labels", type=Path, default=ROOT / "training" / "labels")
    ap.add_argument("--out", type=Path, default=MODEL_DIR)
    ap.add_argument("--epochs", type=int, default=EPOCHS)
    ap.add_argument("--cross", action="store_true", help="only the cross-community check; write no model")
    a = ap.parse_args()
    started = time.perf_counter()
    samples = load_samples(a.labels, a.shared)
    by_label = {k: sum(s.label == k for s in samples) for k in LABELS}
    print(f"{len(samples)} candidates from {a.labels}: {by_label}")
    if a.cross:
        cross_check(samples, a.epochs)
        return
    nlp = train(samples, a.epochs)
    a.out.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(a.out)
    size = sum(f.stat().st_size for f in a.out.rglob("*") if f.is_file())
    print(f"model written to {a.out} ({size / 1024:.0f} KiB) in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
