"""``minutes_urls``: URLs and e-mail addresses, found first so later components skip what lies inside."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .. import docdata
from ..rules import SpanSet, url_spans


class UrlFinder:
    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> list[tuple[int, int]]:
        return url_spans(docdata.text(doc))

    def set_annotations(self, doc: Doc, spans: list[tuple[int, int]]) -> None:
        doc._.minutes_urls = spans
        doc._.minutes_hidden = SpanSet(spans)


@Language.factory("minutes_urls", assigns=[docdata.URLS, "doc._.minutes_hidden"])
def make_urls(nlp: Language, name: str) -> UrlFinder:
    return UrlFinder()
