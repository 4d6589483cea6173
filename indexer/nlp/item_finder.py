"""Candidate items of one section, each with what the rules and the owner finder say about it.

The bridge between the rules (`items.py`), the candidates (`candidates.py`), template
knowledge (`templates.py`) and owners (`owners.py`); the classifier component
(`components/item_classifier.py`, with `item_model.py`) then scores each `Prepared` candidate. No spaCy here.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from . import items as item_rules
from .candidates import Candidate, candidates, mask
from .item_features import MAX_CHARS, FeatureWriter
from ..person_forms import same_person
from .owners import find_owners
from .templates import normalise


@dataclass
class Prepared:
    """One candidate with the rule that fired on it, template flag, owners and model features."""

    cand: Candidate
    rule: item_rules.Found | None
    template: bool
    owners: tuple[str, ...]
    features: str


def _rule_of(cand: Candidate, found: dict[int, item_rules.Found]) -> item_rules.Found | None:
    """The rule hit on the candidate's lines (its first line first: that is where items are read)."""
    for i in range(cand.index, cand.end + 1):
        if i in found:
            return found[i]
    return None


def _owners(cand: Candidate, rule: item_rules.Found | None, people: Mapping[str, str]) -> tuple[str, ...]:
    """The rules' owners (they read handles in place and on the line below) and the owner finder's
    (names in any position), one value per person ("Jo" is not added beside "@jopark")."""
    ruled = list(rule.owners) if rule is not None else []
    found = [o for o in find_owners(cand.raw[:MAX_CHARS], people) if not any(same_person(o, r) for r in ruled)]
    return tuple(dict.fromkeys(ruled + found))


def prepare(text: str, first_body_line: int, heading: str, names: Mapping[str, str],
            people: Mapping[str, str], template: frozenset[str] = frozenset()) -> list[Prepared]:
    """Every candidate item of a section, ready to be scored."""
    masked = mask(text)
    found = {f.index: f for f in item_rules.classify(masked, first_body_line, dict(names), heading)}
    lines = text.split("\n")
    writer = FeatureWriter(people)
    out = []
    for cand in candidates(masked, first_body_line, heading):
        rule = _rule_of(cand, found)
        is_template = bool(template) and normalise(lines[cand.index]) in template
        owners = _owners(cand, rule, people)
        out.append(Prepared(cand, rule, is_template, owners, writer.features(cand, rule, is_template, list(owners))))
    return out
