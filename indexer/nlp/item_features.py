"""Features the item model reads: a candidate's folded words and tokens for its context.

Person names, handles, numbers and links become placeholders, so what is learned in one
community carries to another; the context tokens say where the candidate stands (heading
words, the parent bullet's opening words, depth, a ticked box, the rule that fired on it,
whether it is series template). No spaCy here: training and the component share it.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Mapping

from .candidates import Candidate
from .items import Found

_URL = re.compile(r"https?://\S+|www\.\S+")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_HANDLE = re.compile(r"(?<![\w@])@[\w][\w.-]*")
_NUMBER = re.compile(r"\d+(?:[.:/-]\d+)*")
_WORD = re.compile(r"[a-z]+|[@#<>=→⇒?!:()\[\]-]+|0")
_NAME_COLON = re.compile(r"^[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*)?\s*:")


def _fold(text: str, people: Mapping[str, str]) -> str:
    """Item text with links, handles, numbers and known person names as placeholders, lower case.

    Each replacement runs only where the text holds the literal it needs ("](", "http"/"www.",
    "@"): the same words, at two thirds of the cost (it runs for every candidate).
    """
    if "](" in text:
        text = _LINK.sub(r"\1", text)
    if "http" in text or "www." in text:
        text = _URL.sub(" url ", text)
    if "@" in text:
        text = _HANDLE.sub(" person ", text)
    text = _NUMBER.sub(" 0 ", text)
    if people:
        text = " ".join(_as_person(w, people) for w in text.split())
    return " ".join(_WORD.findall(text.lower()))


def _as_person(word: str, people: Mapping[str, str]) -> str:
    """The word with a known person's name in it as "person"."""
    bare = word.strip(".,:;!?()[]'\"*_`").lower()
    return word.replace(bare, "person", 1) if bare and bare in people else word


#: An item is read up to here: a whole file on one line must not reach the model's tokenizer whole.
MAX_CHARS = 2000
CUES_FILE = Path(__file__).resolve().parent.parent / "data" / "item_cues.tsv"


def _phrase_regex(phrase: str) -> str:
    """One cue phrase as a regex: its words apart by any spaces; whole words, or a prefix for "x*"."""
    body = re.escape(phrase.rstrip("*")).replace("\\ ", r"\s+")
    return body + (r"\w*" if phrase.endswith("*") else r"(?!\w)")


def _cue_regex(phrases: list[str]) -> re.Pattern[str]:
    """Any of ``phrases`` at the start of a word, the phrases grouped by their first character.

    The same matches as the plain alternation, at a third less cost (the cues were a third of
    the time spent on features): the engine tries the group of one character rather than every
    phrase at each word start, and the lookahead lets it skip the positions no phrase starts at.
    """
    groups: dict[str, list[str]] = {}
    for phrase in phrases:
        groups.setdefault(phrase[0], []).append(_phrase_regex(phrase[1:]))
    firsts = "".join(re.escape(first) for first in groups)
    alternatives = "|".join(f"{re.escape(first)}(?:{'|'.join(rests)})" for first, rests in groups.items())
    return re.compile(rf"(?=[{firsts}])(?<![\w+])(?:{alternatives})", re.I)


@lru_cache(maxsize=1)
def _cues() -> list[tuple[str, re.Pattern[str]]]:
    """(category, regex of its phrases) from data/item_cues.tsv."""
    phrases: dict[str, list[str]] = {}
    for line in CUES_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        category, phrase = line.split("\t", 1)
        phrases.setdefault(category, []).append(phrase.strip())
    return [(c, _cue_regex(p)) for c, p in phrases.items()]


def cue_tokens(text: str) -> list[str]:
    """``cue_<category>`` for every category of cue words the text holds."""
    return [f"cue_{c}" for c, pattern in _cues() if pattern.search(text)]


def _bucket(n: float, edges: tuple[float, ...]) -> int:
    return sum(n > e for e in edges)


class FeatureWriter:
    """Writes the feature texts of one section's candidates (one writer per section).

    All candidates of a section share its heading, and the children of a bullet share that
    parent: their folded words and cues are read once here rather than once per candidate
    (that repetition was a third of the time spent on features).
    """

    def __init__(self, people: Mapping[str, str]):
        self.people = people
        self._context: dict[tuple[str, str, int], tuple[list[str], list[str]]] = {}

    def context(self, text: str, prefix: str, words: int) -> tuple[list[str], list[str]]:
        """``<prefix>word`` tokens for the first ``words`` words of ``text`` (alphabetic ones), and
        ``<prefix>cue_...`` tokens for its cue words."""
        key = (text, prefix, words)
        if key not in self._context:
            folded = _fold(text[:MAX_CHARS], self.people).split()[:words]
            self._context[key] = ([f"{prefix}{w}" for w in folded if w.isalpha()],
                                  [f"{prefix}{t}" for t in cue_tokens(text[:MAX_CHARS])])
        return self._context[key]

    def features(self, cand: Candidate, rule: Found | None, template: bool, owners: list[str]) -> str:
        """The text the model reads for one candidate: its folded words, then context tokens."""
        words = _fold(cand.text[:MAX_CHARS], self.people)
        split = words.split()
        heading_words, heading_cues = self.context(cand.heading, "hd_", 6)
        parent_words, parent_cues = self.context(cand.parent, "pa_", 4)
        ctx = [f"first_{split[0] if split else 'none'}", f"depth_{min(cand.depth, 3)}",
               "bullet" if cand.bullet else "prose", f"len_{_bucket(len(split), (3, 6, 12, 25))}",
               f"pos_{_bucket(cand.position, (0.2, 0.8))}", f"sib_{_bucket(cand.siblings, (0, 2, 6))}"]
        ctx += heading_words + parent_words
        if cand.parent:
            ctx.append("pa_colon" if cand.parent.rstrip().endswith(":") else
                       "pa_question" if cand.parent.rstrip().endswith("?") else "pa_other")
        if cand.checkbox:
            ctx.append("box_done" if cand.checkbox == "x" else "box_open")
        ctx += cue_tokens(cand.text[:MAX_CHARS]) + parent_cues + heading_cues
        if rule is not None:
            ctx += [f"rule_{rule.kind}", f"rule_{rule.rule}"]
        if template:
            ctx.append("template")
        if owners:
            ctx.append("has_owner")
        if _NAME_COLON.match(cand.text):
            ctx.append("name_colon")
        if cand.text.rstrip().endswith("?"):
            ctx.append("question")
        return words + " | " + " ".join(ctx)
