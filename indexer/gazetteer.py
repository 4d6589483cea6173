"""The alias tables: which words name which project, release, or not a project/person.

One place for these facts, read once per process from the data files beside this
module (``indexer/data``). No spaCy here: the query side imports this module too.

File formats (``#`` starts a comment, blank lines are ignored):

* ``projects.tsv`` and ``projects_ambiguous.tsv``: ``Canonical<TAB>alias<TAB>alias...``.
  Normal entries match case-insensitively; ambiguous ones (words that are also plain
  English, such as ``Designate`` or ``Swift``) only exactly as written.
* ``releases.tsv``: ``Release name<TAB>Project`` (``Yoga<TAB>OpenStack``). Rows after a
  comment line that says ``ambiguous`` are names that are also plain words (``Train``,
  ``Buster``): they count only capitalised and next to their project or a release word.
* ``not_projects.txt``, ``person_stopwords.txt``, ``first_names.txt``, ``languages.txt``,
  ``not_people.txt``, ``org_words.txt`` (attendance lists), ``task_verbs.txt`` (owners): one entry a line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from . import config

_SPACES = re.compile(r"\s+")


def _lines(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return []
    out = []
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            out.append(line.rstrip("\r\n"))
    return out


def _rows(path: Path) -> list[list[str]]:
    rows = []
    for line in _lines(path):
        cells = [_SPACES.sub(" ", c).strip() for c in line.split("\t")]
        cells = [c for c in cells if c]
        if cells:
            rows.append(cells)
    return rows


def fold(text: str) -> str:
    """The lookup key of an alias: lower-cased, runs of spaces made one space."""
    return _SPACES.sub(" ", text.strip()).lower()


@dataclass
class Gazetteer:
    projects: dict[str, str] = field(default_factory=dict)  # folded alias -> canonical
    ambiguous: dict[str, str] = field(default_factory=dict)  # exact alias -> canonical
    aliases: dict[str, list[str]] = field(default_factory=dict)  # canonical -> aliases as written
    releases: dict[str, str] = field(default_factory=dict)  # release name (as written) -> project
    ambiguous_releases: set[str] = field(default_factory=set)  # release names that are plain words
    not_projects: set[str] = field(default_factory=set)  # folded
    person_stopwords: set[str] = field(default_factory=set)  # folded
    first_names: set[str] = field(default_factory=set)  # folded
    languages: set[str] = field(default_factory=set)  # folded canonical names of programming languages
    not_people: set[str] = field(default_factory=set)  # folded: words that never name a person in an attendance list
    org_words: set[str] = field(default_factory=set)  # folded: words that make an attendance entry a group
    task_verbs: set[str] = field(default_factory=set)  # folded: verbs that open a task ("x to post ...")

    @cached_property
    def ambiguous_folded(self) -> frozenset[str]:
        """The ambiguous names in lower case (``rust/rust`` names Rust, which is tagged in context)."""
        return frozenset(k.lower() for k in self.ambiguous)

    def is_language(self, canonical: str) -> bool:
        """A programming language: context for versions ("Python 3.12"), not a project of its own."""
        return fold(canonical) in self.languages

    def canonical_project(self, text: str) -> str | None:
        text = _SPACES.sub(" ", text.strip())
        if not text:
            return None
        if text in self.ambiguous:
            return self.ambiguous[text]
        key = text.lower()
        if key in self.not_projects:
            return None
        return self.projects.get(key)


def load(data_dir: Path | str | None = None) -> Gazetteer:
    """Read the data files of ``data_dir`` (default: ``indexer/data``, or ``$MINUTES_DATA``)."""
    base = Path(data_dir) if data_dir else config.data_dir()
    gaz = Gazetteer()
    gaz.not_projects = {fold(x) for x in _lines(base / "not_projects.txt")}
    for row in _rows(base / "projects.tsv"):
        canonical, names = row[0], row
        for name in names:
            key = fold(name)
            if key in gaz.not_projects:
                continue
            gaz.projects.setdefault(key, canonical)
            gaz.aliases.setdefault(canonical, [])
            if name not in gaz.aliases[canonical]:
                gaz.aliases[canonical].append(name)
    for row in _rows(base / "projects_ambiguous.tsv"):
        canonical = row[0]
        for name in row:
            gaz.ambiguous.setdefault(name, canonical)
            gaz.aliases.setdefault(canonical, [])
            if name not in gaz.aliases[canonical]:
                gaz.aliases[canonical].append(name)
    ambiguous = False
    try:
        release_lines = (base / "releases.tsv").read_text(encoding="utf-8").splitlines()
    except OSError:
        release_lines = []
    for line in release_lines:
        if line.lstrip().startswith("#"):
            if re.search(r"\bambiguous\b", line, re.I):
                ambiguous = True
            elif re.search(r"\bunambiguous\b", line, re.I):
                ambiguous = False
            continue
        cells = [c.strip() for c in line.split("\t") if c.strip()]
        if len(cells) < 2:
            continue
        name, project = cells[0], cells[1]
        project = gaz.projects.get(fold(project)) or gaz.ambiguous.get(project) or project
        gaz.releases.setdefault(name, project)
        if ambiguous:
            gaz.ambiguous_releases.add(name)
    gaz.person_stopwords = {fold(x) for x in _lines(base / "person_stopwords.txt")}
    gaz.first_names = {fold(x) for x in _lines(base / "first_names.txt")}
    gaz.languages = {fold(x) for x in _lines(base / "languages.txt")}
    gaz.not_people = {fold(x) for x in _lines(base / "not_people.txt")}
    gaz.org_words = {fold(x) for x in _lines(base / "org_words.txt")}
    gaz.task_verbs = {fold(x) for x in _lines(base / "task_verbs.txt")}
    return gaz


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide tables, loaded on first use."""
    return load()


def canonical_project(text: str) -> str | None:
    """Canonical name of the project ``text`` names, or None.

    Normal aliases match case-insensitively, ambiguous ones only exactly as written.
    """
    return gazetteer().canonical_project(text)


def project_aliases(canonical: str) -> list[str]:
    """Every spelling of a project (canonical first), for query expansion."""
    gaz = gazetteer()
    found = gaz.canonical_project(canonical) or canonical
    names = gaz.aliases.get(found, [])
    return [found] + [n for n in names if n != found]


def release_project(name: str) -> str | None:
    """The project a named release belongs to (``Yoga`` -> ``OpenStack``), or None."""
    return gazetteer().releases.get(name.strip())


def is_not_project(text: str) -> bool:
    return fold(text) in gazetteer().not_projects
