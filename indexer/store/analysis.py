"""Text analysis for the index: how section text becomes searchable terms.

Minutes are full of compound tokens: versions (`24.03.0`, `v8.0.0`), repository
names (`ec2-api`, `osism/testbed`) and file names. They are kept whole, so that a
search for `24.03.0` is precise, and at index time their useful parts are added
at the same position, so that `24.03`, `8.0.0` or `testbed` find them as well.

Links are everywhere in minutes, and their words (`docusaurus.io/docs/...`) are a
reference, not what was said: they stay findable but weigh LINK_WEIGHT each.
"""
from __future__ import annotations

import re

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemFilter

#: Words joined by dots, dashes or slashes stay one token ("24.03.0", "ec2-api").
TOKEN_PATTERN = r"\w+(?:[.\-/]\w+)*"

_SEPARATORS = re.compile(r"[-/]")
_VERSION_PREFIX = re.compile(r"^v(?=\d)")


def compound_parts(token: str) -> tuple[list[str], list[str]]:
    """How a compound token is also found: (pieces in sequence, forms at its own position).

    `scs-release` -> (["scs", "release"], ["scsrelease"]): the pieces follow each other, so the
    phrase "scs release" finds it, and two words joined by a dash are also found written as
    one (`bi-weekly` by `biweekly`). `v24.03.0` -> ([], ["24.03.0", "24.03"]): other
    spellings of the same thing, all at the token's position.
    """
    forms: list[str] = []
    bare = _VERSION_PREFIX.sub("", token)
    if bare != token:
        forms.append(bare)
    pieces = [p for p in _SEPARATORS.split(bare) if p] if _SEPARATORS.search(bare) else [bare]
    for piece in pieces:
        dotted = piece.split(".")
        if len(dotted) < 2:
            continue
        if all(d.isdigit() for d in dotted[:-1]):
            forms.extend(".".join(dotted[:n]) for n in range(2, len(dotted)))
        else:
            forms.extend(d for d in dotted if not d.isdigit())
    if _is_joinable(bare, pieces):
        forms.append("".join(pieces))
    sequence = pieces if len(pieces) > 1 else []
    return sequence, [f for f in dict.fromkeys(forms) if f and f != token and f not in sequence]


def _is_joinable(token: str, pieces: list[str]) -> bool:
    """Two words joined by one dash are also written as one word (`bi-weekly`, `biweekly`; `e-mail`)."""
    return len(pieces) == 2 and token.count("-") == 1 and all(p.isalpha() for p in pieces)


class CompoundSplitter(Filter):
    """At index time, follow each compound token with its parts.

    Pieces joined by `-` or `/` take successive positions (later tokens move up to
    make room), so phrases match across the joint; other forms share the position.
    """

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CompoundSplitter)

    def __call__(self, tokens):
        shift = 0
        for t in tokens:
            if t.positions:
                t.pos += shift
            if t.mode != "index" or not _is_compound(t.text):
                yield t
                continue
            original, base = t.text, (t.pos if t.positions else 0)
            sequence, forms = compound_parts(original)
            yield t
            for form in forms:
                t.text = form
                yield t
            for i, piece in enumerate(sequence):
                t.text = piece
                if t.positions:
                    t.pos = base + i
                yield t
            shift += max(len(sequence) - 1, 0)
            t.text = original


#: Weight of a word inside a link (`https://docusaurus.io/docs/...`): findable, but a link
#: is a reference, not what the meeting said, so its words count for less in the ranking.
LINK_WEIGHT = 0.3
_SCHEMES = ("http", "https")


class LinkWeigher(Filter):
    """At index time, give the words of a link (the token after `https`) a lower weight."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LinkWeigher)

    def __call__(self, tokens):
        after_scheme = False
        for t in tokens:
            if t.mode == "index":
                scheme = t.text.lower() in _SCHEMES
                t.boost = LINK_WEIGHT if scheme or after_scheme else 1.0
                after_scheme = scheme
            yield t


def _is_compound(text: str) -> bool:
    return "." in text or "-" in text or "/" in text or bool(_VERSION_PREFIX.match(text))


def text_analyzer():
    """Body and heading: lower-cased, compounds split, English stemming, no stop list.

    Stop words are kept: minutes are short and phrases like "what is an scs release"
    need every word; BM25's IDF already weighs common words down.
    """
    return RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | LinkWeigher() | CompoundSplitter() | StemFilter()


def entity_analyzer():
    """Entity values and their aliases: lower-cased words, compounds split, no stemming."""
    return RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | CompoundSplitter()


class EntityValueFilter(Filter):
    """Index each entity value under every form a user may type for it.

    Projects also under their aliases (`k8s` finds Kubernetes), versions with and
    without a leading `v`, issues as `owner/repo#N`, `repo#N`, `#N` and `N`.
    Query terms pass through with only the `v` stripped, so they meet those forms.
    """

    def __init__(self, entity_type: str):
        self.entity_type = entity_type

    def __eq__(self, other: object) -> bool:
        return isinstance(other, EntityValueFilter) and other.entity_type == self.entity_type

    def __call__(self, tokens):
        for t in tokens:
            original = t.text
            forms = value_forms(self.entity_type, original, index=t.mode == "index")
            for form in forms:
                t.text = form
                yield t
            t.text = original


def value_forms(entity_type: str, value: str, index: bool) -> list[str]:
    """The lower-cased terms under which an entity value is indexed (or searched)."""
    value = value.strip().lower()
    if not value:
        return []
    if entity_type == "version":
        bare = _VERSION_PREFIX.sub("", value)
        return [bare] + (release_lines(bare) if index else [])
    if entity_type == "person":
        return [value.lstrip("@")]
    if not index:
        return [value]
    forms = [value]
    if entity_type == "issue" and "#" in value:
        repo, number = value.rsplit("#", 1)
        forms += [f"{repo.rsplit('/', 1)[-1]}#{number}" if repo else "", f"#{number}", number]
    elif entity_type == "project":
        from ..gazetteer import project_aliases

        forms += [a.lower() for a in project_aliases(value)]
    return [f for f in dict.fromkeys(forms) if f]


def release_lines(version: str) -> list[str]:
    """The release lines a version belongs to: `22.2.0` is in 22.2 and in 22, `7.0.0c` in 7.0 and 7.

    So that `version:24.03` finds 24.03.0 and 24.03.1. Only numeric leading parts count:
    `2024.2` is in 2024, but `r7` and `yoga` are lines of their own.
    """
    parts = version.split(".")
    lines = []
    for n in range(1, len(parts)):
        if not all(p.isdigit() for p in parts[:n]):
            break
        lines.append(".".join(parts[:n]))
    return lines


def entity_value_analyzer(entity_type: str):
    """Comma-separated values, each one term (values may hold spaces: "Cluster API")."""
    from whoosh.analysis import CommaSeparatedTokenizer

    return CommaSeparatedTokenizer() | EntityValueFilter(entity_type)
