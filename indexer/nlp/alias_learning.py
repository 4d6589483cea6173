"""Aliases learned from a corpus at build time: abbreviations and spelling variants (no spaCy).

* **Definitions** (Schwartz & Hearst, 2003): "Long Form Name (LFN)" and "LFN (Long Form Name)";
  the long form is the shortest run of words before the parenthesis whose letters spell the
  short form, right to left, with the first letter starting a word.
* **Initials that recur together**: an acronym and a run of words whose initials spell it
  (``GATs`` and "generic associated types") written in the same files, in at least
  `MIN_FILES` of them: the precision guard that keeps chance matches out.
* **Spelling variants**: one name written with hyphens, underscores, spaces or run together
  (``collab-summit``, ``async_fn_in_trait``, ``ClusterAPI``), joined by its letters.

`Learner` counts per file; learners of several worker processes merge; `result` gives the
alias groups. Plural and singular need no table: the index stems both to one term.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

#: An acronym as written: 2-10 characters, starting and ending with a capital (``GSoC``, ``D&I``), maybe a plural s.
ACRONYM = re.compile(r"(?<![\w&/.-])([A-Z][A-Za-z&]{0,8}[A-Z])(s?)(?![\w&-])")
_PARENTHESIS = re.compile(r"\(\s*([^()\n]{2,80}?)\s*\)")
_URL = re.compile(r"\S+://\S+")
_COMPOUND = re.compile(r"(?<![\w./-])([A-Za-z][a-z]+(?:[-_][A-Za-z][a-z]+){1,3}|[A-Z][a-z]+(?:[A-Z][a-z]*){1,3}[A-Z]*)(?![\w/-])")
_LONG_WORD = re.compile(r"\b[a-z]{6,30}\b")
#: An acronym and its long form within this many words of each other: written as a pair, not by chance.
NEAR = 12
#: An acronym and its long form together in this many files make an alias (a definition needs one).
MIN_FILES = 3


def is_acronym(word: str) -> bool:
    """``GAT``, ``GSoC``, ``D&I``: mostly capitals, not a plain capitalised word."""
    letters = [c for c in word if c.isalpha()]
    return 2 <= len(letters) <= 10 and sum(c.isupper() for c in letters) * 2 > len(letters) and word[0].isupper()


def _singular(acronym: str) -> str:
    return acronym[:-1] if len(acronym) > 2 and acronym.endswith("s") and acronym[-2].isupper() else acronym


def fold(text: str) -> str:
    """The lookup key of a form: lower case, words separated by one space, a plural acronym singular."""
    words = re.findall(r"[^\W_]+|&", text.lower())
    return " ".join(words)


def best_long_form(short: str, words_before: str) -> str | None:
    """Schwartz & Hearst's long form for ``short`` at the end of ``words_before``, or None."""
    sf = [c.lower() for c in short if c.isalnum()]
    lf = words_before
    s, l = len(sf) - 1, len(lf) - 1
    while s >= 0:
        c = sf[s]
        while l >= 0 and (lf[l].lower() != c or (s == 0 and l > 0 and lf[l - 1].isalnum())):
            l -= 1
        if l < 0:
            return None
        l -= 1
        s -= 1
    start = lf.rfind(" ", 0, l + 1) + 1
    long_form = lf[start:].strip(" ,;:-*_\"'[](){}`")
    words = long_form.split()
    if len(words) < 2 or len(words) > len(sf) + 5 or fold(long_form) == fold(short) \
            or not re.fullmatch(r"[^\W\d_][\w&/,'’ -]*", long_form) or words[0].lower() in _FUNCTION_WORDS:
        return None
    return long_form


def definitions(text: str) -> list[tuple[str, str]]:
    """(short form, long form) pairs a text defines: "Long Form (LF)" or "LF (Long Form)"."""
    out = []
    for m in _PARENTHESIS.finditer(text):
        inside = m.group(1)
        before = text[max(text.rfind("\n", 0, m.start()) + 1, m.start() - 200):m.start()].rstrip()
        if len(before) < 2:
            continue
        before = re.split(r"[()\[\]:;!?=>.`\"“”]", before)[-1]
        if is_acronym(inside) and " " not in inside:
            words = before.split()
            window = " ".join(words[-min(len(inside) + 5, 2 * len(inside)):])
            long_form = best_long_form(_singular(inside), window)
            if long_form:
                out.append((inside, long_form))
            continue
        last = before.split()[-1] if before.split() else ""
        if is_acronym(last) and len(inside.split()) >= 2 and _initials_of(inside) == _letters(_singular(last)):
            out.append((last, inside.strip()))
    return out


_WORD_OR_BREAK = re.compile(r"[^\W\d_]+|&|[.;:!?()\[\]\n`\"|*#>]")
#: Words that never begin or end a long form, nor stand for one of its letters.
_FUNCTION_WORDS = frozenset(
    "a an and are as at be but by can could do for from has have i if in into is it its may might not of on "
    "or our so than that the their then there these they this to was we were what when which will with would "
    "you your".split())


class Initials:
    """A text's words by their initials, to find runs of words that spell an acronym (``str.find``, no regex per acronym)."""

    def __init__(self, text: str):
        self.tokens = _WORD_OR_BREAK.findall(text)
        self.all = "".join(t[0] for t in self.tokens).lower()  # a break token is its own punctuation mark
        self.content_index = [i for i, t in enumerate(self.tokens) if t.lower() not in _SKIPPABLE_WORDS and t != "&"]
        self.content = "".join(self.all[i] for i in self.content_index)

    def phrases(self, acronym: str) -> dict[str, bool]:
        """Folded runs of words whose initials spell ``acronym`` (skippable words allowed between),
        each with whether one of them stands within `NEAR` words of the acronym itself."""
        letters = "".join(c.lower() for c in acronym if c.isalpha())
        at: list[int] | None = None  # where the acronym itself stands, looked up only when needed
        out: dict[str, bool] = {}
        for initials, index in ((self.all, None), (self.content, self.content_index)):
            pos = initials.find(letters)
            while pos >= 0:
                end = pos + len(letters) - 1
                first, last = (pos, end) if index is None else (index[pos], index[end])
                phrase = self._phrase(first, last)
                if phrase:
                    if at is None:
                        at = [i for i, t in enumerate(self.tokens) if t == acronym or t == acronym + "s"]
                    near = any(first - NEAR <= i <= last + NEAR for i in at)
                    out[phrase] = out.get(phrase, False) or near
                pos = initials.find(letters, pos + 1)
        return out

    def _phrase(self, first: int, last: int) -> str | None:
        words = self.tokens[first:last + 1]
        lowered = [w.lower() for w in words]
        if any(not w[0].isalpha() for w in words) or lowered[0] in _FUNCTION_WORDS or lowered[-1] in _FUNCTION_WORDS:
            return None  # across a sentence or line break, or "any point in"
        if any(len(w) < 2 or w in _FUNCTION_WORDS for w in lowered if w not in _SKIPPABLE_WORDS):
            return None
        if all(w.isupper() for w in words):
            return None  # another acronym
        return fold(" ".join(words))


_SKIPPABLE_WORDS = frozenset({"of", "and", "in", "for", "the", "to", "on", "a", "an"})


def _letters(acronym: str) -> str:
    return "".join(c.lower() for c in acronym if c.isalpha())


def _initials_of(phrase: str) -> str:
    """Initials of the words that are not skippable ("Diversity, Equity and Inclusion" -> "dei")."""
    return "".join(w[0] for w in re.findall(r"[^\W\d_]+", phrase.lower()) if w not in _SKIPPABLE_WORDS)


@dataclass
class Learner:
    """Counts of one or more files; merge learners, then take `result`."""

    defined: Counter = field(default_factory=Counter)  # (acronym key, long form key) -> files defining it
    together: Counter = field(default_factory=Counter)  # (acronym key, long form key) -> files with both
    near: Counter = field(default_factory=Counter)  # (acronym key, long form key) -> files with both close together
    acronym_files: Counter = field(default_factory=Counter)  # acronym key -> files
    written: Counter = field(default_factory=Counter)  # (key, form as written) -> times
    compounds: Counter = field(default_factory=Counter)  # letters-only key -> files with a compound form
    long_words: set = field(default_factory=set)  # long plain words, to find "collabsummit"

    def add(self, text: str) -> None:
        """Count one file's text."""
        text = _URL.sub(" ", text)
        acronyms: dict[str, str] = {}
        for m in ACRONYM.finditer(text):
            written = m.group(0)
            if is_acronym(m.group(1)):
                acronyms.setdefault(fold(_singular(m.group(1))), m.group(1))
        initials = Initials(text) if acronyms else None
        for key, written in acronyms.items():
            self.acronym_files[key] += 1
            self.written[(key, written)] += 1
            if initials is not None and sum(c.isalpha() for c in written) >= 3:
                for phrase, near in initials.phrases(_singular(written)).items():
                    self.together[(key, phrase)] += 1
                    self.near[(key, phrase)] += near
        for short, long_form in set(definitions(text)):
            pair = (fold(_singular(short)), fold(long_form))
            self.defined[pair] += 1
            self.written[(pair[0], _singular(short))] += 1
            self.written[(pair[1], long_form)] += 1
        for m in {m.group(1) for m in _COMPOUND.finditer(text)}:
            key = re.sub(r"[^a-z]", "", m.lower())
            self.compounds[key] += 1
            self.written[(key, m)] += 1
        self.long_words.update(_LONG_WORD.findall(text))

    def merge(self, other: "Learner") -> None:
        self.defined.update(other.defined)
        self.together.update(other.together)
        self.near.update(other.near)
        self.acronym_files.update(other.acronym_files)
        self.written.update(other.written)
        self.compounds.update(other.compounds)
        self.long_words |= other.long_words

    def result(self) -> list[list[str]]:
        """Alias groups, each a list of forms as most often written (the longest form first)."""
        self._by_key: dict[str, Counter] = {}
        for (key, form), n in self.written.items():
            self._by_key.setdefault(key, Counter())[form] += n
        groups = self._abbreviations() + self._variants()
        return sorted(sorted(g, key=lambda f: (-len(f), f)) for g in groups if len(g) >= 2)

    def _form(self, key: str) -> str:
        forms = self._by_key.get(key)
        return forms.most_common(1)[0][0] if forms else key

    def _recurs_together(self, pair: tuple[str, str], files: int) -> bool:
        """The precision guard: together in `MIN_FILES` files and once side by side, or in a fifth of the acronym's files."""
        if files < MIN_FILES:
            return False
        return bool(self.near[pair]) or (files >= 2 * MIN_FILES and files * 5 >= self.acronym_files[pair[0]])

    def _abbreviations(self) -> list[set[str]]:
        pairs = set(self.defined) | {p for p, n in self.together.items() if self._recurs_together(p, n)}
        by_acronym: dict[str, list[tuple[int, str]]] = {}
        for acronym, long_form in pairs:
            support = self.defined[(acronym, long_form)] * MIN_FILES + self.together[(acronym, long_form)]
            by_acronym.setdefault(acronym, []).append((support, long_form))
        groups = []
        for acronym, found in by_acronym.items():
            best = max(n for n, _ in found)
            kept = {lf for n, lf in found if n * 2 >= best}
            groups.append({self._form(acronym), *(self._form(lf) for lf in kept)})
        return groups

    def _variants(self) -> list[set[str]]:
        """Names written as one compound in one place and run together elsewhere."""
        groups = []
        for key in self.compounds:
            forms = set(self._by_key.get(key, ()))
            separated = {f for f in forms if "-" in f or "_" in f}
            if not separated or not (key in self.long_words or any("_" in f for f in separated)):
                continue  # "Cluster-API" alone: the index already finds it as "cluster api"
            if key in self.long_words:
                forms.add(key)
            spaced = {re.sub(r"[-_]", " ", f).lower() for f in separated}
            groups.append(forms | spaced)
        return groups
