"""Forms of one person: does what a user typed (or another line wrote) name this person value?

A person is written as a handle (``@garloff``), a full name (``Kurt Garloff``), a first
name (``Kurt``) or a handle made of the name (``kgarloff``, ``mhdawson``). The decision
log's ``--owner`` filter and the merging of owners found twice on one line use this.
No spaCy, no index: plain strings.
"""
from __future__ import annotations

import re


def _person_key(form: str) -> str:
    return re.sub(r"[^\w]+", " ", form.lower().lstrip("@")).strip()


def same_person(form: str, value: str) -> bool:
    """Could ``form`` (what a user typed) name the person whose value is ``value``?

    Equal forms; a first name and a full name of the same first name ("Kurt", "Kurt
    Garloff"); a name and a handle made of it ("Kurt Garloff", "garloff", "kgarloff",
    "kurtgarloff", "mhdawson" for "Michael Dawson"; "Jo" for "jopark").
    """
    a, b = _person_key(form), _person_key(value)
    if not a or not b:
        return False
    if a == b:
        return True
    ta, tb = a.split(), b.split()
    if len(ta) == 1 and len(tb) == 1:  # a first name and a handle made of it and more ("jo", "jopark")
        short, long_ = sorted((a, b), key=len)
        return len(short) >= 2 and len(long_) - len(short) >= 3 and long_.startswith(short)
    if len(ta) > 1 and len(tb) > 1:
        return ta[0] == tb[0] and (ta[-1] == tb[-1] or ta[-1][0] == tb[-1][0])
    name, single = (ta, tb[0]) if len(ta) > 1 else (tb, ta[0])
    first, last = name[0], name[-1]
    if single == first:
        return True  # a first name
    return len(last) >= 3 and (single in (last, first + last, first[0] + last, last + first[0])
                               or (single.endswith(last) and len(single) - len(last) <= 3))
