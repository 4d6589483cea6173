"""``minutes_items``: candidate items of a section with the rules' hits and their owners.

`nlp.item_finder` does the work (candidates, line rules of `nlp.items`, template lines,
owners); ``minutes_item_classifier`` then scores what this component prepared.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .. import docdata
from ..item_finder import Prepared, prepare
from ..owners import people_forms


class ItemFinder:
    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> list[Prepared]:
        if doc._.section_kind == "participants":
            return []
        mentions = docdata.mentions(doc)
        names = {m.text: m.value for m in mentions if m.type == "person" and not m.text.startswith("@")}
        people = dict(doc._.minutes_people or {})
        for m in mentions:
            if m.type == "person":
                people.setdefault(m.text.lower().lstrip("@"), m.value)
        first_body_line = 1 if doc._.heading_end > 0 else 0
        return prepare(docdata.text(doc), first_body_line, doc._.heading or "", names, people_forms(people),
                       doc._.minutes_template or frozenset())

    def set_annotations(self, doc: Doc, prepared: list[Prepared]) -> None:
        doc._.minutes_prepared = prepared


@Language.factory("minutes_items", requires=[docdata.MENTIONS], assigns=[docdata.PREPARED])
def make_items(nlp: Language, name: str) -> ItemFinder:
    return ItemFinder()
