"""The pipeline's tokenizer: only the words the project patterns use, offsets into the text.

Only the project PhraseMatchers read tokens; every other component reads the section
text (`docdata.text`). Folding every other word, and whitespace other than one space,
into GAP tokens leaves a third of the tokens and spares building lexemes for words no
pattern has.
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator

import spacy
from spacy.tokens import Doc
from spacy.vocab import Vocab

from . import docdata  # noqa: F401  (declares the Doc extensions this tokenizer fills)

#: The whitespace before a token, and the token: a URL, a word or a single punctuation mark.
_TOKEN = re.compile(r"(\s*)((?:https?|ftp)://[^\s<>()\[\]]+|\w+|[^\w\s])")
#: The token that stands for a run of tokens no pattern uses, or for whitespace other than one space.
GAP = "\n"


def tokens(text: str, keep: set[str] | None) -> tuple[list[str], list[tuple[int, int]]]:
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
    """A Doc with only the tokens the project PhraseMatchers can use (see `tokens`).

    ``keep`` (lower-cased pattern words) is filled by whoever builds the patterns
    (`components.projects`); while it is None every token is kept. Token offsets are in
    ``doc._.minutes_offsets``, as ``doc.text`` is not the input text.
    """

    def __init__(self, vocab: Vocab):
        self.vocab = vocab
        self.keep: set[str] | None = None

    def __call__(self, text: str) -> Doc:
        words, offsets = tokens(text, self.keep)
        doc = Doc(self.vocab, words=words, spaces=[False] * len(words))
        doc._.minutes_text = text
        doc._.minutes_offsets = offsets
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    def pattern(self, text: str) -> Doc:
        """A pattern Doc: every token kept (the words of patterns are what ``keep`` is made of)."""
        words, _ = tokens(text, None)
        return Doc(self.vocab, words=words, spaces=[False] * len(words))

    def add_pattern_words(self, words: set[str]) -> None:
        """Keep these (lower-cased) words in later Docs."""
        self.keep = set(words) if self.keep is None else self.keep | words


@spacy.registry.tokenizers("minutes_tokenizer")
def make_tokenizer():
    """Registered so that ``spacy.blank`` does not first build spaCy's own (slow to load) tokenizer."""
    return lambda nlp: MinutesTokenizer(nlp.vocab)
