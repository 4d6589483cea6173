"""The alias table of one index: forms that name the same thing, for search, timelines and facets.

Three sources, merged at build time and stored with the index (``meta.json``):
the shipped acronyms (``data/acronyms.tsv``, read by `querylang`), the aliases learned
from the corpus (`nlp.alias_learning`), and the user's corrections in an override file
``.minutes-aliases.tsv`` at a corpus root:

    # one group a line: forms separated by tabs; the first is the name shown
    code of conduct<TAB>CoC
    # a line starting with "-" drops a learned form (here: AO is not Alpha-Omega)
    -AO

No spaCy and no Whoosh here: `query` and `status` read the table too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

OVERRIDE_FILE = ".minutes-aliases.tsv"


def fold(text: str) -> str:
    """The lookup key of a form: lower case, letters and digits, one space between words."""
    return " ".join(re.findall(r"[^\W_]+|&", text.lower()))


@dataclass
class Overrides:
    groups: list[list[str]] = field(default_factory=list)
    dropped: set[str] = field(default_factory=set)  # folded forms


def read_overrides(roots: Iterable[Path]) -> Overrides:
    """The override files of the corpus roots (missing files are fine)."""
    out = Overrides()
    for root in roots:
        try:
            lines = (Path(root) / OVERRIDE_FILE).read_text(encoding="utf-8").splitlines()
        except OSError:
            continue
        for line in lines:
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if line.startswith("-"):
                out.dropped.add(fold(line[1:]))
                continue
            forms = [c.strip() for c in line.split("\t") if c.strip()]
            if len(forms) >= 2:
                out.groups.append(forms)
    return out


def merge(learned: Sequence[Sequence[str]], overrides: Overrides) -> list[dict]:
    """Learned groups without dropped forms, then the user's own groups: what the index stores."""
    out = []
    for group in learned:
        forms = [f for f in group if fold(f) not in overrides.dropped]
        if len({fold(f) for f in forms}) >= 2:
            out.append({"forms": forms, "source": "learned"})
    out.extend({"forms": list(g), "source": "override"} for g in overrides.groups)
    return out


class AliasTable:
    """Which forms of a query have other forms, and which."""

    def __init__(self, groups: Sequence[dict]):
        self.groups = [list(g["forms"]) for g in groups]
        self.by_form: dict[str, list[int]] = {}
        for n, forms in enumerate(self.groups):
            for f in forms:
                self.by_form.setdefault(fold(f), []).append(n)
        self.longest = max((len(k.split()) for k in self.by_form), default=0)

    def forms_of(self, text: str) -> list[str]:
        """Every other form of ``text`` as a whole (``GATs`` -> "generic associated types")."""
        key = fold(text)
        keys = {key, key[:-1]} if key.endswith("s") else {key}
        out: list[str] = []
        for k in keys:
            for n in self.by_form.get(k, ()):
                out.extend(f for f in self.groups[n] if fold(f) not in keys and f not in out)
        return out

    def equivalents(self, text: str, parts: bool = True) -> list[tuple[str, str]]:
        """(query, query with another form) for the query as a whole and, with ``parts``, for each run
        of its words (the longest runs that have one)."""
        words = fold(text).split()
        found: list[tuple[str, str]] = []
        smallest = 1 if parts else len(words)
        for size in range(min(len(words), self.longest), smallest - 1, -1):
            for i in range(len(words) - size + 1):
                part = " ".join(words[i:i + size])
                for other in self.forms_of(part):
                    whole = " ".join(words[:i] + [other] + words[i + size:])
                    found.append((" ".join(words), whole))
            if found:
                break  # the longest runs that have aliases; shorter runs inside them would repeat
        return found
