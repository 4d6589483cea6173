"""``minutes_item_classifier``: the trained model judges the candidate items (`nlp.item_model`).

Reads the candidates ``minutes_items`` prepared; writes the decisions and actions, each
with a confidence. The model is loaded on the first section that has candidates.
"""
from __future__ import annotations

from typing import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from .. import docdata
from ..item_model import judge, score_texts
from ..items import Found


class ItemClassifier:
    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        """Score a whole batch of sections in one model call: the call's fixed cost, paid per
        section, was most of the classifier's time (the scores are the same, row by row)."""
        for batch in minibatch(docs, size=batch_size):
            for doc, found in zip(batch, self.judge_all(batch)):
                self.set_annotations(doc, found)
                yield doc

    def match(self, doc: Doc) -> list[Found]:
        return self.judge_all([doc])[0]

    def judge_all(self, docs: list[Doc]) -> list[list[Found]]:
        """The items of each section, all their candidates scored in one model call."""
        prepared = [doc._.minutes_prepared or [] for doc in docs]
        scores = score_texts([p.features for section in prepared for p in section])
        out, start = [], 0
        for section in prepared:
            out.append(judge(section, scores[start:start + len(section)]))
            start += len(section)
        return out

    def set_annotations(self, doc: Doc, found: list[Found]) -> None:
        doc._.minutes_items = found


@Language.factory("minutes_item_classifier", requires=[docdata.PREPARED], assigns=[docdata.ITEMS])
def make_item_classifier(nlp: Language, name: str) -> ItemClassifier:
    return ItemClassifier()
