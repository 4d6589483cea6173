"""Build the one spaCy pipeline of the project, in code (nothing downloads).

``spacy.blank("en")`` with `tokenizer.MinutesTokenizer` and the components of
`components` (one module each, registered by name), in `components.PIPE_NAMES` order.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language

from . import tokenizer  # noqa: F401  (registers "minutes_tokenizer")
from .components import PIPE_NAMES


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
