"""The learned part of decision/action finding: a small spaCy ``textcat`` over candidate items.

Each candidate (a bullet or a line of prose, see `candidates.py`) is turned into a short
feature text (`item_features.py`). A bag-of-words ``textcat`` (unigrams and bigrams, no
vectors) trained by ``training/train.py`` scores it as decision, action or neither. The model is read from ``indexer/data/models/items`` on first use only.

The rules keep the forms they are sure of (``Decision:``, ``AI @x:``, ``TODO``); the model
decides the rest. Every item carries a confidence; `CONFIDENT` is the default cut.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Mapping

from ..model import CONFIDENT
from .candidates import Candidate
from .items import DECISION_HEADER, HEADER_ONLY, Found

MODEL_DIR = Path(__file__).resolve().parent.parent / "data" / "models" / "items"
LABELS = ("decision", "action", "neither")
#: (kind, rule) pairs whose items are kept whatever the model says: the forms right in at least
#: 85% of the training items of every community ("Decision:", "Topic: consensus to ...", "No
#: objections", the items under "Decisions:",
#: vote counts, "x will ...", the tasks of an action-items section or under a bare "TODO:").
#: An "AI"/"Action" word alone is not among them: it is right in 93% of one community's
#: items and 31% of another's, so the model weighs it in context.
SURE_RULES = frozenset({("decision", "marker"), ("decision", "topic-marker"), ("decision", "decision-child"),
                        ("decision", "vote"),
                        ("action", "subject"), ("action", "action-section"), ("action", "todo-child")})
#: Items below this confidence are not kept at all.
FLOOR = 0.15

@dataclass
class Scored:
    """A candidate judged: its kind ("" for neither), confidence and owners."""

    cand: Candidate
    kind: str
    confidence: float
    owners: tuple[str, ...]
    rule: str


@lru_cache(maxsize=1)
def load_model():
    """The trained textcat pipeline (spaCy is imported here, on first use); None when not shipped."""
    if not (MODEL_DIR / "config.cfg").is_file():
        return None
    import spacy

    return spacy.load(MODEL_DIR)


def decide(cand: Candidate, rule: Found | None, scores: Mapping[str, float] | None,
           owners: tuple[str, ...], template: bool) -> Scored:
    """Rules for the sure forms, the model for the rest; template lines and bare headers never items."""
    if template:
        return Scored(cand, "", 0.0, owners, "template")
    if HEADER_ONLY.match(cand.text) or DECISION_HEADER.match(cand.text):
        return Scored(cand, "", 0.0, owners, "header")  # "Decision:", "Action items:": the items are below
    if rule is not None and (rule.kind, rule.rule) in SURE_RULES:
        sure = max(0.9, scores.get(rule.kind, 0.0)) if scores else 0.9
        return Scored(cand, rule.kind, round(sure, 3), owners, rule.rule)
    if scores is None:  # no model shipped: the rules alone, as the confident floor
        return Scored(cand, rule.kind if rule else "", CONFIDENT if rule else 0.0, owners,
                      rule.rule if rule else "")
    kind = max(("decision", "action"), key=lambda k: scores.get(k, 0.0))
    return Scored(cand, kind, round(float(scores.get(kind, 0.0)), 3), owners, "model")


def feature_words(text: str) -> list[str]:
    """The words the model reads of a feature text: as `item_features` wrote them, split on spaces
    (the features are tokens already; a tokenizer would only cost time)."""
    return text.split() or ["none"]


def feature_doc(nlp, text: str):
    """The Doc of a feature text's words (training builds its examples from it)."""
    from spacy.tokens import Doc

    return Doc(nlp.vocab, words=feature_words(text))


class FeatureWords:
    """A feature text as the model reads a Doc of it: the ids (ORTH) of its words, nothing else.

    The bag-of-words model asks a Doc only for ``to_array([ORTH])`` (`reads_word_ids` checks the
    shipped model is such a one). Building a real Doc per candidate (a lexeme for every new word)
    cost as much as scoring it; the ids are the same hashes the Doc would hold.
    """

    __slots__ = ("ids",)

    def __init__(self, ids):
        self.ids = ids

    def __len__(self) -> int:
        return len(self.ids)

    def to_array(self, attrs) -> object:
        from spacy.attrs import ORTH

        if list(attrs) != [ORTH]:
            raise ValueError(f"the item model's words hold their ids (ORTH) only, not {attrs}")
        return self.ids


@lru_cache(maxsize=4)
def reads_word_ids(textcat) -> bool:
    """Does the model read nothing of a Doc but its words' ids (spaCy's bag-of-words textcat)?
    Asked once per loaded model, not on every batch it scores."""
    from spacy.attrs import ORTH

    readers = [layer for layer in textcat.model.walk() if layer.name == "extract_ngrams"]
    return len(readers) == 1 and readers[0].attrs.get("attr") == ORTH


def model_inputs(nlp, texts: list[str]) -> list:
    """What the model scores for each feature text: its word ids where that is all it reads, else a Doc."""
    if not reads_word_ids(nlp.get_pipe("textcat")):
        return [feature_doc(nlp, t) for t in texts]
    import numpy
    from spacy.strings import get_string_id

    return [FeatureWords(numpy.array([get_string_id(w) for w in feature_words(t)], dtype="uint64"))
            for t in texts]


def score_texts(texts: list[str]) -> list[dict[str, float] | None]:
    """Model scores for feature texts (None for each when no model is shipped)."""
    nlp = load_model()
    if nlp is None or not texts:
        return [None] * len(texts)
    textcat = nlp.get_pipe("textcat")
    scores = textcat.predict(model_inputs(nlp, texts))
    labels = textcat.labels
    return [{label: float(row[i]) for i, label in enumerate(labels)} for row in scores.tolist()]


DONE = re.compile(r"(?:^|\W)(?:done|completed|finished|closed)\W*$|^~~.*~~\W*$|✅|✔|☑", re.I)


def status_of(cand: Candidate) -> str:
    """"done" / "open" where the minutes say so: a ticked or open box, "... done", struck through."""
    if cand.checkbox:
        return "done" if cand.checkbox == "x" else "open"
    return "done" if DONE.search(cand.raw) else ""


def judge(prepared: list, scores: list[dict[str, float] | None]) -> list[Found]:
    """Items of one section from its prepared candidates and their model scores (FLOOR and above)."""
    out = []
    for p, s in zip(prepared, scores):
        scored = decide(p.cand, p.rule, s, p.owners, p.template)
        if not scored.kind or scored.confidence < FLOOR:
            continue
        owners = scored.owners if scored.kind == "action" else ()
        status = status_of(p.cand) if scored.kind == "action" else ""
        out.append(Found(scored.kind, p.cand.index, p.cand.raw, owners, scored.rule, scored.confidence, status))
    return out

