"""When is an ambiguous project name (``Harbor``, ``Go``, ``designate``) meant as software? (no spaCy)"""
from __future__ import annotations

import re
from functools import lru_cache

from .. import gazetteer as gz
from .rules import Mention

_SENTENCE_START = re.compile(r"(?:^|\n)[ \t]*(?:#{1,6}[ \t]+|[-*+>][ \t]+|\d+[.)][ \t]+)*[*_]*$|[.!?:][ \t]+[*_]*$")
_LIST_ONLY = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+[*_`]*(?P<w>[\w .-]+?)[*_`]*[ \t]*$", re.M)

DEFAULT_TECH_CONTEXT = (
    r"\b(?:deploy\w*|install\w*|upgrad\w*|updat\w*|releas\w*|versions?|services?|api|apis|operators?|plugins?|"
    r"servers?|clusters?|containers?|images?|charts?|helm|config\w*|integrat\w*|support\w*|backends?|drivers?|"
    r"modules?|librar\w*|tools?|tooling|dashboards?|instances?|repos?|repositor\w*|ci|pipelines?|metrics|"
    r"monitoring|storage|database|registry|endpoints?|components?|setup|based|using|uses|used|runs?|running|"
    r"migrat\w*|enabled?|disabled?|features?|bugs?|patch\w*|upstream|downstream|packag\w*|code|stack|cli|"
    r"k8s|kubernetes|openstack|self-hosted|hosted|instance)\b|\bv?\d+\.\d+"
)

_FUNCTION_WORD_AFTER = re.compile(
    r"[ \t]+(?:to|of|over|forward|with|for|on|up|out|the|a|an|back|ahead|through|into|about|from|by|people|your|"
    r"our|their|this|that|these|those|it|them|all|more|less|me|us|you|him|her|some|any|each|every)\b")

#: Words after a project name that make the whole an organisation, a group or an event.
_ORGANISATION_AFTER = re.compile(
    r"[ \t]+(?:(?i:foundation|fund|inc\b|corp\b|corporation|gmbh|ltd\b|llc\b|working[ \t]+group|summit|conference|"
    r"meetup|steering[ \t]+committee|committee|council|board)|WG\b|SIG\b|TSC\b|TAC\b)")


#: "Maya Example (GitHub)": a person's affiliation in brackets after the name.
_AFFILIATION_BEFORE = re.compile(r"[A-ZÀ-Þ][\w'’.-]+(?:[ \t]+[A-ZÀ-Þ][\w'’.-]+)+[ \t]*\([ \t]*(?:[^()\n]*,[ \t]*)?$")


def names_an_organisation(text: str, start: int, end: int) -> bool:
    """Does the name at ``start:end`` name an organisation: "Linux Foundation", "Node.js TSC", or
    the employer in "Maya Example (GitHub)"?"""
    if _ORGANISATION_AFTER.match(text, end):
        return True
    return bool(_AFFILIATION_BEFORE.search(text, max(0, start - 80), start)) and bool(re.match(r"[ \t]*[),]", text[end:end + 3]))


_LOWER_AMBIGUOUS: dict[int, dict[str, str]] = {}


def _lower_ambiguous(gaz: gz.Gazetteer) -> dict[str, str]:
    if id(gaz) not in _LOWER_AMBIGUOUS:
        _LOWER_AMBIGUOUS[id(gaz)] = {k.lower(): v for k, v in gaz.ambiguous.items()}
    return _LOWER_AMBIGUOUS[id(gaz)]


@lru_cache(maxsize=1024)
def _list_item_regex(name: str) -> re.Pattern[str]:
    """A list item that is just ``name`` (compiled once per name)."""
    return re.compile(r"[ \t]*(?:[-*+]|\d+[.)])[ \t]+[*_`]*" + re.escape(name) + r"[*_`]*[ \t:]*")


def technical_context(text: str, cand: Mention, found: list[Mention], context: re.Pattern[str]) -> bool:
    """Is an ambiguous name (``Harbor``, ``Go``) meant as software here?

    Not when it ends a longer proper name (``Mobile World Congress``) or a sentence
    starts with it before a lower-case word without a technical word around
    (``Designate people``); yes when another project or a technical word (deploy,
    release, registry, a version number ...) is on the same line, or when it is a
    list item of its own.
    """
    line_start = text.rfind("\n", 0, cand.start) + 1
    line_end = text.find("\n", cand.end)
    line_end = len(text) if line_end < 0 else line_end
    before = text[line_start:cand.start]
    prev = re.search(r"([A-ZÀ-Þ][\w'’-]*)[ \t]+$", before)
    if prev and not gz.canonical_project(prev.group(1)) and not re.fullmatch(r"[\s*_#>+\-\d.)]*", before[:prev.start()]):
        return False  # "Mobile World Congress", "Hardware Landscape": part of another name
    if _SENTENCE_START.search(text, max(0, cand.start - 80), cand.start) and _FUNCTION_WORD_AFTER.match(text, cand.end):
        return False  # "Designate people", "Go over the PRs", "Outline of the talk": a plain word
    line = text[line_start:line_end]
    if _list_item_regex(cand.text).fullmatch(line):
        return True  # a list item of its own
    if any(f.start >= line_start and f.end <= line_end and f is not cand for f in found):
        return True
    return bool(context.search(line))


def list_item_projects(text: str, found: list[Mention]) -> list[Mention]:
    """Lower-case ambiguous names that are a whole list item next to known projects (``- designate``)."""
    gaz = gz.gazetteer()
    if not gaz.ambiguous:
        return []
    lower_amb = _lower_ambiguous(gaz)
    items = list(_LIST_ONLY.finditer(text))
    known = {f.start for f in found}
    out = []
    for i, m in enumerate(items):
        word = m.group("w")
        canonical = lower_amb.get(word.lower())
        if not canonical or m.start("w") in known:
            continue
        near = items[max(0, i - 2):i] + items[i + 1:i + 3]
        if any(n.start("w") in known or gaz.canonical_project(n.group("w")) for n in near):
            out.append(Mention("project", canonical, word, m.start("w"), m.end("w")))
    return out
