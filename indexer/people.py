"""One person as an attendance list writes them: `@handle`, `Name (@handle)`, `Name (Org)`,
`handle (name)`, `Name <mail>`, `MB: Myles Borins`; and comma lists of such people.

`read_person` returns None for text that is not a person (a sentence, a question, a
placeholder), so that prose under an attendance heading is not taken for people.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .gazetteer import gazetteer

_HANDLE = re.compile(r"(?<![\w.])@([A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?)")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMAIL = re.compile(r"<?[\w.+-]+@[\w-]+(?:\.[\w-]+)+>?")
_PAREN = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
_MARKUP = re.compile(r"[*_`~]+")
_AFFILIATION = re.compile(r"\s+(?:[-\u2013\u2014|/]|,)\s+.*$")
_NAME_TOKEN = re.compile(r"^[^\W\d_][\w'\u2019.-]*$")
_HANDLE_TOKEN = re.compile(r"^[A-Za-z0-9][\w.-]*$")
_PARTICLES = {"de", "da", "di", "del", "della", "van", "von", "der", "den", "le", "la", "du", "bin", "al", "el", "dos", "das", "y", "zu", "ten", "ter"}
_MAX_NAME_WORDS = 5


@dataclass(frozen=True)
class Person:
    """A person as read from one attendance entry: the contract value and every form seen."""

    value: str
    names: tuple[str, ...]


def _not_names() -> set[str]:
    """Words that never name a person in an attendance list (data/not_people.txt)."""
    return gazetteer().not_people


def _org_words() -> set[str]:
    """Words that make an entry a group or organisation (data/org_words.txt)."""
    return gazetteer().org_words


def people_in(text: str, entry: bool = False) -> list[Person]:
    """The people of an inline list (`Josh, Niko and Felix`) or, with ``entry``, of one list
    item, where a full name before a comma is the person and the rest their affiliation
    (`Dan Lorenc, Google`); [] when not people."""
    text = _clean(text)
    if not text:
        return []
    if entry:
        first = _parts_with_parens(text)[0]
        if first != text and (len(_PAREN.sub(" ", first).split()) >= 2 or _HANDLE.search(first)):
            person = read_person(first)
            if person:
                return [person]
    whole = read_person(text)
    parts = [p for p in re.split(r"\s*[,;]\s*|\s+(?:and|&|und)\s+", _outside_parens(text)) if p.strip()]
    if len(parts) > 1:
        people = [read_person(p) for p in _parts_with_parens(text)]
        named = [p for p in people if p]
        if len(named) * 2 >= len(people) and (len(named) > 1 or not whole):
            return named  # a list: the entries that name someone (a stray note is no person)
    return [whole] if whole else []


def _outside_parens(text: str) -> str:
    return _PAREN.sub(" ", text)


def _parts_with_parens(text: str) -> list[str]:
    """Split at commas and "and" that lie outside parentheses."""
    parts, depth, current = [], 0, ""
    tokens = re.split(r"(\(|\)|,|;|\s+and\s+|\s+&\s+|\s+und\s+)", text)
    for token in tokens:
        if token == "(":
            depth += 1
        elif token == ")":
            depth = max(0, depth - 1)
        if depth == 0 and token is not None and (token in (",", ";") or token.strip() in ("and", "&", "und")):
            parts.append(current)
            current = ""
        else:
            current += token or ""
    parts.append(current)
    return [p.strip() for p in parts if p.strip()]


def read_person(text: str, abbreviation: str | None = None, handle: str | None = None) -> Person | None:
    """One person from an entry, or None when the entry names nobody."""
    text = _clean(text)
    handles = _HANDLE.findall(text)
    if handle:
        handles = [handle.lstrip("@"), *handles]
    notes = [a or b for a, b in _PAREN.findall(text)]
    name = _AFFILIATION.sub("", _PAREN.sub(" ", _HANDLE.sub(" ", _EMAIL.sub(" ", text))))
    name = " ".join(name.strip(" \t-:,;.").split())
    if not handles and not name:
        return None
    if name and not _is_name(name, bool(handles)):
        if handles:
            name = ""
        else:
            return None
    names: list[str] = []
    if handles:
        names.append(handles[0])
    aliases = [n.strip() for n in notes if re.fullmatch(r"[a-z0-9][a-z0-9_.-]+", n.strip()) and n.strip() not in _not_names()]
    for form in (name, *aliases, abbreviation or ""):
        if form and form not in names:
            names.append(form)
    if name and " " in name:
        names.append(name.split(" ", 1)[0])
    value = handles[0].lower() if handles else name
    return Person(value, tuple(dict.fromkeys(n for n in names if n)))


def _clean(text: str) -> str:
    text = _LINK.sub(r"\1", text)
    text = re.sub(r"<[^>@]+>", " ", text)  # inline HTML tags (an e-mail in <> is removed later)
    text = _MARKUP.sub("", text)
    return " ".join(text.replace("\u00a0", " ").split()).strip(" \t-:,;")


def _is_name(name: str, has_handle: bool) -> bool:
    """A person's name as attendance lists write them: a few capitalised words, or one handle-like word."""
    if "?" in name or "!" in name or len(name) > 60:
        return False
    words = name.split()
    if len(words) > _MAX_NAME_WORDS or name.lower() in _not_names() or any(w in _not_names() for w in words):
        return False
    if any(w.lower().strip(".,") in _org_words() for w in words):
        return False
    if len(words) == 1:
        word = words[0]
        return bool(_HANDLE_TOKEN.match(word) or _NAME_TOKEN.match(word)) and len(word) > 1 and not word.isdigit()
    if not all(_NAME_TOKEN.match(w) for w in words):
        return False
    if all(w.islower() for w in words):  # "connor horman" in a list written in lower case
        return len(words) <= 3
    return all(w[0].isupper() or w.lower() in _PARTICLES for w in words)
