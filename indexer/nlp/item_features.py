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
    """Item text with links, handles, numbers and known person names as placeholders, lower case."""
    text = _LINK.sub(r"\1", text)
    text = _URL.sub(" url ", text)
    text = _HANDLE.sub(" person ", text)
    text = _NUMBER.sub(" 0 ", text)
    words = []
    for w in text.split():
        bare = w.strip(".,:;!?()[]'\"*_`").lower()
        words.append(w.replace(bare, "person", 1) if bare and bare in people else w)
    return " ".join(_WORD.findall(" ".join(words).lower()))


#: An item is read up to here: a whole file on one line must not reach the model's tokenizer whole.
MAX_CHARS = 2000
CUES_FILE = Path(__file__).resolve().parent.parent / "data" / "item_cues.tsv"


@lru_cache(maxsize=1)
def _cues() -> list[tuple[str, re.Pattern[str]]]:
    """(category, regex of its phrases) from data/item_cues.tsv."""
    phrases: dict[str, list[str]] = {}
    for line in CUES_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        category, phrase = line.split("\t", 1)
        body = re.escape(phrase.strip().rstrip("*")).replace("\\ ", r"\s+")
        tail = r"\w*" if phrase.strip().endswith("*") else r"(?!\w)"
        phrases.setdefault(category, []).append(f"{body}{tail}")
    return [(c, re.compile(rf"(?<![\w+])(?:{'|'.join(p)})", re.I)) for c, p in phrases.items()]


@lru_cache(maxsize=8192)
def _cue_tokens(text: str) -> tuple[str, ...]:
    return tuple(f"cue_{c}" for c, pattern in _cues() if pattern.search(text))


def cue_tokens(text: str) -> list[str]:
    """``cue_<category>`` for every category of cue words the text holds (a section's heading
    and a parent bullet are read once for all their candidates)."""
    return list(_cue_tokens(text))


def _bucket(n: float, edges: tuple[float, ...]) -> int:
    return sum(n > e for e in edges)


def features(cand: Candidate, rule: Found | None, template: bool, owners: list[str],
             people: Mapping[str, str]) -> str:
    """The text the model reads for one candidate: its folded words, then context tokens."""
    words = _fold(cand.text[:MAX_CHARS], people)
    first = words.split()[0] if words else "none"
    ctx = [f"first_{first}", f"depth_{min(cand.depth, 3)}", "bullet" if cand.bullet else "prose",
           f"len_{_bucket(len(words.split()), (3, 6, 12, 25))}", f"pos_{_bucket(cand.position, (0.2, 0.8))}",
           f"sib_{_bucket(cand.siblings, (0, 2, 6))}"]
    ctx += [f"hd_{w}" for w in _fold(cand.heading[:MAX_CHARS], people).split()[:6] if w.isalpha()]
    parent = _fold(cand.parent[:MAX_CHARS], people).split()
    ctx += [f"pa_{w}" for w in parent[:4] if w.isalpha()]
    if cand.parent:
        ctx.append("pa_colon" if cand.parent.rstrip().endswith(":") else
                   "pa_question" if cand.parent.rstrip().endswith("?") else "pa_other")
    if cand.checkbox:
        ctx.append("box_done" if cand.checkbox == "x" else "box_open")
    ctx += cue_tokens(cand.text[:MAX_CHARS])
    ctx += [f"pa_{t}" for t in cue_tokens(cand.parent[:MAX_CHARS])] + [f"hd_{t}" for t in cue_tokens(cand.heading[:MAX_CHARS])]
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
