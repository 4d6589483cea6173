"""``minutes_handles``: every @handle outside URLs and e-mail addresses is a person."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .. import docdata
from ..rules import GROUP_HANDLES, Mention, find_handles


class HandleFinder:
    def __init__(self, stopwords: list[str]):
        self.stop = GROUP_HANDLES | {s.lower() for s in stopwords}

    def __call__(self, doc: Doc) -> Doc:
        docdata.add_mentions(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> list[Mention]:
        return find_handles(docdata.text(doc), docdata.hidden(doc), self.stop)


@Language.factory("minutes_handles", default_config={"stopwords": []}, assigns=[docdata.MENTIONS])
def make_handles(nlp: Language, name: str, stopwords: list[str]) -> HandleFinder:
    """``stopwords`` adds group mentions (``@team``) to ignore."""
    return HandleFinder(stopwords)
