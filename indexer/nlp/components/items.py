"""``minutes_items``: decisions and action items (the line rules of `nlp.items`)."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .. import docdata
from .. import items as item_rules


class ItemFinder:
    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> list[item_rules.Found]:
        if doc._.section_kind == "participants":
            return []
        names = {m.text: m.value for m in docdata.mentions(doc) if m.type == "person" and not m.text.startswith("@")}
        first_body_line = 1 if doc._.heading_end > 0 else 0
        return item_rules.classify(docdata.text(doc), first_body_line, names, doc._.heading or "")

    def set_annotations(self, doc: Doc, found: list[item_rules.Found]) -> None:
        doc._.minutes_items = found


@Language.factory("minutes_items", requires=[docdata.MENTIONS], assigns=[docdata.ITEMS])
def make_items(nlp: Language, name: str) -> ItemFinder:
    return ItemFinder()
