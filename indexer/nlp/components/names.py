"""``minutes_names``: people's names in participant lists, and in prose when a cue says so."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .. import docdata
from ..rules import Mention, find_names


class NameFinder:
    def __call__(self, doc: Doc) -> Doc:
        docdata.add_mentions(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> list[Mention]:
        handles = [m for m in docdata.mentions(doc) if m.type == "person"]
        participants = doc._.section_kind == "participants"
        return find_names(docdata.text(doc), docdata.hidden(doc), handles, participants, doc._.heading_end)


@Language.factory("minutes_names", requires=[docdata.MENTIONS], assigns=[docdata.MENTIONS])
def make_names(nlp: Language, name: str) -> NameFinder:
    return NameFinder()
