"""Build the one spaCy pipeline of the project, in code (nothing downloads).

``spacy.blank("en")`` + the custom components of `components.py`; projects come from
two PhraseMatchers over the gazetteer (normal aliases on LOWER, ambiguous ones on
ORTH; the match id is the canonical name).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

import re
from typing import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from .. import gazetteer as gz
from . import components  # noqa: F401  (registers the components)

PIPE_NAMES = (
    "minutes_urls", "minutes_projects", "minutes_handles", "minutes_issues", "minutes_versions",
    "minutes_version_links", "minutes_names", "minutes_items",
)


_TOKEN = re.compile(r"((?:https?|ftp)://[^\s<>()\[\]]+|\w+|[^\w\s])( ?)|(\s+)")


class MinutesTokenizer:
    """URLs, words and single punctuation marks, whitespace kept: about five times faster than
    spaCy's rule tokenizer, and all the pipeline needs (the PhraseMatcher patterns are
    tokenized the same way). ``doc.text`` is the input text exactly."""

    def __init__(self, vocab: Vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        for m in _TOKEN.finditer(text):
            word = m.group(1)
            if word is not None:
                words.append(word)
                spaces.append(bool(m.group(2)))
            else:
                words.append(m.group(3))
                spaces.append(False)
        return Doc(self.vocab, words=words, spaces=spaces)

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)


def project_matchers(nlp: Language, gaz: gz.Gazetteer | None = None) -> list[tuple[PhraseMatcher, bool]]:
    """(matcher, ambiguous) pairs: normal aliases on LOWER, ambiguous ones on ORTH."""
    gaz = gaz or gz.gazetteer()
    lower = PhraseMatcher(nlp.vocab, attr="LOWER")
    exact = PhraseMatcher(nlp.vocab, attr="ORTH")
    by_canonical: dict[str, list[str]] = {}
    for alias, canonical in gaz.projects.items():
        by_canonical.setdefault(canonical, []).append(alias)
    for canonical, aliases in by_canonical.items():
        lower.add(canonical, list(nlp.tokenizer.pipe(aliases)))
    by_canonical = {}
    for alias, canonical in gaz.ambiguous.items():
        by_canonical.setdefault(canonical, []).append(alias)
    for canonical, aliases in by_canonical.items():
        exact.add(canonical, list(nlp.tokenizer.pipe(aliases)))
    return [(lower, False), (exact, True)]


def build(config: dict[str, dict[str, Any]] | None = None) -> Language:
    """A fresh pipeline; ``config`` overrides component settings by component name."""
    config = config or {}
    nlp = spacy.blank("en")
    nlp.tokenizer = MinutesTokenizer(nlp.vocab)
    for name in PIPE_NAMES:
        nlp.add_pipe(name, config=config.get(name, {}))
    return nlp


@lru_cache(maxsize=1)
def get_pipeline() -> Language:
    """The process-wide pipeline, built on first use."""
    return build()
