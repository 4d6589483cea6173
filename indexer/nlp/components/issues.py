"""``minutes_issues``: issue and pull-request references (URLs, ``owner/repo#N``, ``#N``, ``LP#N``)."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .. import docdata
from ..rules import Mention, find_issues


class IssueFinder:
    def __call__(self, doc: Doc) -> Doc:
        docdata.add_mentions(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> list[Mention]:
        return find_issues(docdata.text(doc), docdata.urls(doc))


@Language.factory("minutes_issues", assigns=[docdata.MENTIONS])
def make_issues(nlp: Language, name: str) -> IssueFinder:
    return IssueFinder()
