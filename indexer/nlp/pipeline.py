"""Build the one spaCy pipeline of the project, in code (nothing downloads).

``spacy.blank("en")`` with `MinutesTokenizer` + the custom components of
`components.py`; projects come from two PhraseMatchers over the gazetteer (normal
aliases on LOWER, ambiguous ones on ORTH; the match id is the canonical name).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from .. import gazetteer as gz
from . import components  # noqa: F401  (registers the components)
from .components import OFFSETS

PIPE_NAMES = (
    "minutes_urls", "minutes_projects", "minutes_handles", "minutes_issues", "minutes_versions",
    "minutes_version_links", "minutes_names", "minutes_items",
)

#: The whitespace before a token, and the token: a URL, a word or a single punctuation mark.
_TOKEN = re.compile(r"(\s*)((?:https?|ftp)://[^\s<>()\[\]]+|\w+|[^\w\s])")
#: The token that stands for a run of tokens no pattern uses, or for whitespace other than one space.
GAP = "\n"


def _tokens(text: str, keep: set[str] | None) -> tuple[list[str], list[tuple[int, int]]]:
    """Words and their offsets; tokens whose lower case is not in ``keep`` fold into a GAP.

    Two kept words written next to each other or with one space between them stay
    adjacent; any other whitespace between them becomes a GAP, so a pattern never
    matches across a line break or a run of spaces. A GAP never matches a pattern
    token, so the matches are those over the full token list (where whitespace runs
    were tokens of their own).
    """
    words: list[str] = []
    offsets: list[tuple[int, int]] = []
    pos = 0  # end of the previous token
    # trailing whitespace cut off first: there ``(\s*)`` would be retried at every position
    for space, word in _TOKEN.findall(text, 0, len(text.rstrip())):
        start = pos + len(space)
        kept = keep is None or word.lower() in keep
        if words and words[-1] != GAP and not (kept and (space == "" or space == " ")):
            words.append(GAP)
            offsets.append((pos, pos))
        pos = start + len(word)
        if kept:
            words.append(word)
            offsets.append((start, pos))
    return words, offsets


class MinutesTokenizer:
    """A Doc with only the tokens the project PhraseMatchers can use (see `_tokens`).

    Only those matchers read tokens; every other component reads the text
    (``doc.user_data["text"]``). Folding the other words and the whitespace into GAP
    tokens leaves a third of the tokens and spares building lexemes for words no
    pattern has. ``keep`` (lower-cased pattern words) is filled by `project_matchers`;
    while it is None every token is kept. Token offsets are in
    ``doc.user_data[OFFSETS]``, as ``doc.text`` is not the input text.
    """

    def __init__(self, vocab: Vocab):
        self.vocab = vocab
        self.keep: set[str] | None = None

    def __call__(self, text: str) -> Doc:
        words, offsets = _tokens(text, self.keep)
        doc = Doc(self.vocab, words=words, spaces=[False] * len(words))
        doc.user_data["text"] = text
        doc.user_data[OFFSETS] = offsets
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    def pattern(self, text: str) -> Doc:
        """A pattern Doc: every token kept (the words of patterns are what ``keep`` is made of)."""
        words, _ = _tokens(text, None)
        return Doc(self.vocab, words=words, spaces=[False] * len(words))


@spacy.registry.tokenizers("minutes_tokenizer")
def make_tokenizer():
    """Registered so that ``spacy.blank`` does not first build spaCy's own (slow to load) tokenizer."""
    return lambda nlp: MinutesTokenizer(nlp.vocab)


def project_matchers(nlp: Language, gaz: gz.Gazetteer | None = None) -> list[tuple[PhraseMatcher, bool]]:
    """(matcher, ambiguous) pairs: normal aliases on LOWER, ambiguous ones on ORTH.

    Tells a `MinutesTokenizer` which words the patterns use, so that its Docs keep just those.
    """
    gaz = gaz or gz.gazetteer()
    tokenizer = nlp.tokenizer
    make = tokenizer.pattern if isinstance(tokenizer, MinutesTokenizer) else nlp.make_doc
    lower = PhraseMatcher(nlp.vocab, attr="LOWER")
    exact = PhraseMatcher(nlp.vocab, attr="ORTH")
    words: set[str] = set()
    for matcher, table in ((lower, gaz.projects), (exact, gaz.ambiguous)):
        by_canonical: dict[str, list[str]] = {}
        for alias, canonical in table.items():
            by_canonical.setdefault(canonical, []).append(alias)
        for canonical, aliases in by_canonical.items():
            patterns = [make(alias) for alias in aliases]
            words.update(t.lower_ for doc in patterns for t in doc)
            matcher.add(canonical, patterns)
    if isinstance(tokenizer, MinutesTokenizer):
        tokenizer.keep = words if tokenizer.keep is None else tokenizer.keep | words
    return [(lower, False), (exact, True)]


def build(config: dict[str, dict[str, Any]] | None = None) -> Language:
    """A fresh pipeline; ``config`` overrides component settings by component name."""
    config = config or {}
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "minutes_tokenizer"}}})
    for name in PIPE_NAMES:
        nlp.add_pipe(name, config=config.get(name, {}))
    return nlp


@lru_cache(maxsize=1)
def get_pipeline() -> Language:
    """The process-wide pipeline, built on first use."""
    return build()
