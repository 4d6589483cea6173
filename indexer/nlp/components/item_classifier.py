"""``minutes_item_classifier``: the trained model judges the candidate items (`nlp.item_model`).

Reads the candidates ``minutes_items`` prepared; writes the decisions and actions, each
with a confidence. The model is loaded on the first section that has candidates.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .. import docdata
from ..item_model import judge, score_texts
from ..items import Found


class ItemClassifier:
    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> list[Found]:
        prepared = doc._.minutes_prepared or []
        return judge(prepared, score_texts([p.features for p in prepared]))

    def set_annotations(self, doc: Doc, found: list[Found]) -> None:
        doc._.minutes_items = found


@Language.factory("minutes_item_classifier", requires=[docdata.PREPARED], assigns=[docdata.ITEMS])
def make_item_classifier(nlp: Language, name: str) -> ItemClassifier:
    return ItemClassifier()
