"""What the pipeline's components read from and write to a Doc (spaCy ``Doc._`` extensions).

Inputs (set by `indexer.nlp.annotate` before the pipeline runs): the section's text as
written (``doc.text`` is not, see `tokenizer`), its kind, where its heading ends, the
heading itself and the repository names of the whole minutes file. Outputs: URL spans,
`Mention`s and decision/action items. Each component declares what it ``assigns``.
"""
from __future__ import annotations

from spacy.tokens import Doc

from .rules import Mention, SpanSet, url_spans

#: The extensions and their defaults; ``doc._.minutes_text`` etc.
EXTENSIONS: dict[str, object] = {
    "minutes_text": None,  # the section text as written
    "minutes_offsets": None,  # (start, end) character offsets of the tokens in that text
    "section_kind": "",
    "heading_end": 0,
    "heading": "",
    "repo_names": None,  # folded repository name -> name as written, for the whole file
    "minutes_urls": None,  # (start, end) spans of URLs and e-mail addresses
    "minutes_hidden": None,  # those spans as a SpanSet
    "minutes_mentions": None,  # list[Mention]
    "minutes_template": None,  # normalised lines that are series template (templates.py), for the whole file
    "minutes_people": None,  # lower-cased person form -> person value, from the meeting's attendance
    "minutes_prepared": None,  # list[item_finder.Prepared]: candidate items for the classifier
    "minutes_items": None,  # list[items.Found]
}

MENTIONS = "doc._.minutes_mentions"
ITEMS = "doc._.minutes_items"
PREPARED = "doc._.minutes_prepared"
URLS = "doc._.minutes_urls"


def register() -> None:
    """Declare the extensions once per process (idempotent)."""
    for name, default in EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register()


def text(doc: Doc) -> str:
    """The section text; ``doc.text`` is rebuilt from the tokens on every call, so keep it once."""
    value = doc._.minutes_text
    if value is None:
        value = doc._.minutes_text = doc.text
    return value


def offsets(doc: Doc) -> list[tuple[int, int]]:
    """Character offsets of the tokens (set by `MinutesTokenizer`, else from the Doc itself)."""
    value = doc._.minutes_offsets
    if value is None:
        value = doc._.minutes_offsets = [(t.idx, t.idx + len(t)) for t in doc]
    return value


def urls(doc: Doc) -> list[tuple[int, int]]:
    """URL and e-mail spans (found by the ``minutes_urls`` component, or now if it did not run)."""
    value = doc._.minutes_urls
    if value is None:
        value = doc._.minutes_urls = url_spans(text(doc))
    return value


def hidden(doc: Doc) -> SpanSet:
    """The spans other entities never overlap (URLs, e-mail addresses)."""
    value = doc._.minutes_hidden
    if value is None:
        value = doc._.minutes_hidden = SpanSet(urls(doc))
    return value


def mentions(doc: Doc) -> list[Mention]:
    value = doc._.minutes_mentions
    if value is None:
        value = doc._.minutes_mentions = []
    return value


def add_mentions(doc: Doc, found: list[Mention]) -> None:
    mentions(doc).extend(found)
