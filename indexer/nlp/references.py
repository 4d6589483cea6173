"""One value per issue within a file: a bare ``#N`` resolved to the repository the file links to (no spaCy)."""
from __future__ import annotations

from dataclasses import replace

from ..model import Minutes


def linked_repository(minutes: Minutes) -> str | None:
    """The one ``owner/repo`` whose issues the file links to, or None when it links to none or several."""
    repos = {e.value.split("#", 1)[0] for s in minutes.sections for e in s.entities
             if e.type == "issue" and "/" in e.value.split("#", 1)[0]}
    return next(iter(repos)) if len(repos) == 1 else None


def resolve_bare_issues(minutes: Minutes) -> None:
    """``#268`` in a file whose issue links all point into ``org/issues`` becomes ``org/issues#268``;
    ``issues#268`` too, when its repository is that one's."""
    repo = linked_repository(minutes)
    if repo is None:
        return
    name = repo.rsplit("/", 1)[-1].lower()
    for section in minutes.sections:
        section.entities = [
            replace(e, value=f"{repo}{e.value[e.value.index('#'):]}")
            if e.type == "issue" and (e.value.startswith("#") or e.value.split("#", 1)[0].lower() == name) else e
            for e in section.entities
        ]
