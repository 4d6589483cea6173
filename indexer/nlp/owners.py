"""Owners of an action item, in every position minutes write them.

Before the task ("AI @x:", "Action (x):", "x to ...", "x will ...", "x: file a bug",
"[ ] @x to ..."), after it ("... - x", "... (x)", "...: x", "=> @x", "-> x"), and as
"assigned to x" / "owner: x". A word counts as a person when it is a handle, a form of a
person the file names (``people``: lower-cased form -> person value, so lower-case handles
and nicknames resolve), or a capitalised word that is no common sentence opener.
"""
from __future__ import annotations

import re
from typing import Mapping

from ..gazetteer import gazetteer
from .items import HANDLE, MARKUP

_PERSON = r"@?[\w][\w.'’-]*"
_WHO = rf"{_PERSON}(?:\s+[A-Z][\w'’-]*){{0,2}}(?:\s*(?:,|&|\+|/|\band\b)\s*{_PERSON}(?:\s+[A-Z][\w'’-]*){{0,2}})*"
_MARK = r"(?:AIs?|ACTION(?:_ITEMS?)?|(?i:actions?\s+items?|actions?(?!\s+items?\b))|TODO|ToDo|Todo|Task)"
LEAD = re.compile(
    rf"^\W*(?:{_MARK}\s*)?[(\[]?\s*(?P<who>{_WHO})\s*[)\]]?\s*"
    r"(?::|->|=>|→|(?:,|\s[-–—]+)?\s*\bwill\b(?!\s+(?:be|not\s+be|have\s+been)\b)|\bto\b|'ll\b|’ll\b|\bcan\b|\btakes?\b|\bvolunteer\w*|\bagreed\s+to\b|"
    r"\boffered\s+to\b|\bis\s+going\s+to\b|\bwants?\s+to\b|\bshould\b|\bplease\b)")
#: After a marker ("action item: scott to ...", "Pending action item (Niko): ..."), a lower-case word is a name too.
MARK_THEN = re.compile(rf"^\W*(?:\w+\s+)?{_MARK}\W*\s*(?:(?:for|to)\s+)?(?P<who>{_WHO})\s*(?:[:)\]-]|\bto\b|\bwill\b|$)")
#: "..., Robin will comment", "No update. Tobie to follow up": a later clause that opens with a
#: name and "will", or "to" and a task verb.
CLAUSE = re.compile(rf"[,.;]\s+(?P<who>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)\s+(?:(?:will|'ll|’ll)\s+(?!be\b)\w|to\s+(?P<verb>[a-z-]+))")
TRAIL = re.compile(rf"(?:\s[-–—]+\s*|\(\s*(?:owner:?\s*|AI:?\s*)?|:\s+|(?:=>|->|→|⇒)\s*)(?P<who>{_WHO})\s*\)?\s*[.!]?\s*$")
#: "@crob+Sarah - add a preamble": handles (and names joined to them) before a dash.
HANDLE_DASH = re.compile(r"^\W*(?P<who>@[\w.-]*\w(?:\s*[+,&/]\s*@?[\w.-]*\w)*)\s+[-–—]+\s+\w")
#: "scottmcm to post a comment": a lower-case word at the start (not "decided", "going"), then
#: "to" and a task verb.
LOWER_LEAD = re.compile(r"^\W*(?P<who>[a-z][a-z0-9_-]{1,38})(?<!ed)(?<!ing)\s+to\s+(?P<verb>[a-z-]+)")
ASSIGNED = re.compile(rf"\b(?:assigned\s+to|owner:?|assignee:?|owned\s+by)\s+(?P<who>{_WHO})", re.I)
SPLIT = re.compile(r"\s*(?:,|&|\+|/|\band\b)\s*")

#: Capitalised words that open sentences or name groups: never an owner on their own.
NOT_NAMES = frozenset("""
a all also an and any anyone apparently as at based but by each either else everybody everyone everything
for from group he her here him how i if in is it its let lets maybe me more most my need next no none not
note now of on once one or our out over people please plus pr prs re she so some someone something still
such team that the their them then there these they this those to today tomorrow too until us via was we
what when where which while who why will with would yes you your tbd tba n/a na ok okay done wip todo action
ai decision agreed update updates status question questions meeting notes agenda link links see discussion
proposal follow followup follow-up review reviews check draft issue issues doc docs document
assign assigned reassign reassigned
""".split())

#: Lower-case words that open a task after a marker ("TODO: add to the list", "AI: good to know"):
#: never taken for a lower-case name.
TASK_WORDS = frozenset("""
able add agree aim ask bring change continue decide due figure get go going good great happy have
help how keep look make move nice plan propose reach reply respond send start switch talk try unable
used want write
""".split())
#: Lower-case words that are no name even after a marker.
NOT_LOWER_NAMES = NOT_NAMES | TASK_WORDS
#: The patterns tried after the marker ones, in order; a pattern's slot may hold a lower-case name
#: only where it says so plainly ("assigned to x", "x to post ..."), and a "verb" group must be a task verb.
SLOT_PATTERNS = ((LEAD, False), (HANDLE_DASH, False), (ASSIGNED, True), (TRAIL, False), (CLAUSE, False),
                 (LOWER_LEAD, True))


def _clean(text: str) -> str:
    return MARKUP.sub("", text).strip()


def _person(word: str, people: Mapping[str, str], lower_case: bool = False) -> str | None:
    """The person value a word (or short name) stands for, or None when it is not a person.

    With ``lower_case`` (the word follows an action marker) a lower-case word of its own is a
    name or handle too ("action item: scott to ...").
    """
    word = word.strip(" .,:;!?()[]'’\"")
    if not word:
        return None
    low = word.lower().lstrip("@")
    if low in people:
        return people[low]
    if lower_case and re.fullmatch(r"[a-z][a-z0-9_-]{1,38}", word) and low not in NOT_LOWER_NAMES:
        return word
    if word.startswith("@") and HANDLE.fullmatch(word):
        return low if low not in ("all", "everyone", "here", "channel", "team") else None
    first = word.split()[0]
    if first[:1].isupper() and first.lower() not in NOT_NAMES and not first.isupper() or (
            first.isupper() and 2 <= len(first) <= 4 and first.lower() in people):
        return word if len(word.split()) <= 3 else None
    return None


def _people_in(who: str, people: Mapping[str, str], lower_case: bool = False) -> list[str]:
    """Every part of "a, b and c" must be a person; otherwise the slot held no owners."""
    out: list[str] = []
    for part in SPLIT.split(who.strip()):
        if not part:
            continue
        value = _person(part, people, lower_case)
        if value is None:
            # "Dan Smith" may be known only as "Dan": try the first word alone
            value = _person(part.split()[0], people) if " " in part else None
            if value is None or part.split()[1][:1].islower():
                return []
        out.append(value)
    return out


def find_owners(text: str, people: Mapping[str, str] | None = None) -> list[str]:
    """The owners an action item names, as person values (``[]`` when it names none)."""
    people = people or {}
    content = _clean(text)
    if content.startswith("[") and content[1:3] in (" ]", "x]", "X]"):
        content = content[3:].strip()
    m = MARK_THEN.search(content)
    if m:
        # "AI, unrelated: examine ...": a lower-case word before a colon is a label, not a name
        found = _people_in(m.group("who"), people, lower_case=not m.group(0).rstrip().endswith(":"))
        if found:
            return list(dict.fromkeys(found))
    for pattern, lower_case in SLOT_PATTERNS:
        m = pattern.search(content)
        if not m or ("verb" in pattern.groupindex and m.group("verb")
                      and m.group("verb") not in gazetteer().task_verbs):
            continue
        found = _people_in(m.group("who"), people, lower_case=lower_case)
        if found:
            return list(dict.fromkeys(found))
    return []


def people_forms(values_by_form: Mapping[str, str]) -> dict[str, str]:
    """Lower-cased forms -> value, with a full name's first name added when only one person has it."""
    forms: dict[str, str] = {k.lower().lstrip("@"): v for k, v in values_by_form.items() if k}
    firsts: dict[str, set[str]] = {}
    for form, value in list(forms.items()):
        if " " in form:
            firsts.setdefault(form.split()[0], set()).add(value)
    for first, values in firsts.items():
        if len(values) == 1 and first not in forms and first not in NOT_NAMES:
            forms[first] = next(iter(values))
    return forms
