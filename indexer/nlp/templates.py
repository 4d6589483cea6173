"""Template lines: text that recurs nearly verbatim in the meetings of a series.

A line written into every meeting ("Please review the open PRs regularly", the standing
reminder under "Action items") is the series' template, not something this meeting decided
or assigned. A line is template when, normalised (case, digits, dates, punctuation and
markup folded), it occurs in at least half of the neighbouring files of the same folder
(the meetings just before and after, at least four of them), or at least three times in
one file that holds several meetings. An action carried over for two or three meetings is
not template: it recurs in a few neighbours, not in most.
"""
from __future__ import annotations

import os
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path, PurePosixPath

from ..model import Minutes

WINDOW = 8  # neighbours on each side
MIN_SHARE = 0.5
MIN_FILES = 4
MIN_WORDS = 4
MAX_FILE_BYTES = 400_000
_NOT_WORD = re.compile(r"[^a-z]+")
_BULLET = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+(?:\[[ xX]\]\s*)?")


def normalise(line: str) -> str:
    """A line with case, digits, punctuation and markup folded; "" for lines too short to be template."""
    words = _NOT_WORD.sub(" ", _BULLET.sub("", line).lower()).split()
    return " ".join(words) if len(words) >= MIN_WORDS else ""


@lru_cache(maxsize=8192)
def _file_lines(path: str, mtime: float) -> frozenset[str]:
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_FILE_BYTES)
    except OSError:
        return frozenset()
    text = raw.decode("utf-8", errors="replace")
    return frozenset(filter(None, (normalise(line) for line in text.splitlines())))


@lru_cache(maxsize=512)
def _folder_files(folder: str) -> tuple[str, ...]:
    try:
        return tuple(sorted(str(p) for p in Path(folder).iterdir() if p.suffix.lower() in (".md", ".markdown")
                            and p.is_file()))
    except OSError:
        return ()


def source_path(minutes: Minutes) -> Path | None:
    """The file on disk that ``minutes`` was read from, when it can be found."""
    if not minutes.root:
        return None
    for candidate in (Path(minutes.root) / minutes.path, Path(minutes.root) / PurePosixPath(minutes.path).name):
        if candidate.is_file():
            return candidate
    return None


def series_template(path: Path) -> frozenset[str]:
    """The normalised lines of ``path`` that most of its neighbouring meetings also hold."""
    files = _folder_files(str(path.parent))
    try:
        at = files.index(str(path))
    except ValueError:
        return frozenset()
    neighbours = [f for f in files[max(0, at - WINDOW):at + WINDOW + 1] if f != str(path)]
    if len(neighbours) < MIN_FILES:
        return frozenset()
    own = _file_lines(str(path), path.stat().st_mtime)
    counts: Counter[str] = Counter()  # only this file's lines are counted: the rest would be thrown away
    for f in neighbours:
        try:
            counts.update(own & _file_lines(f, os.stat(f).st_mtime))
        except OSError:
            continue
    need = max(MIN_FILES, MIN_SHARE * len(neighbours))
    return frozenset(line for line in own if counts[line] >= need)


def repeated_in_file(minutes: Minutes) -> frozenset[str]:
    """Normalised lines written three times or more in one file (a file of several meetings)."""
    counts = Counter(filter(None, (normalise(line) for s in minutes.sections for line in s.text.split("\n"))))
    return frozenset(line for line, n in counts.items() if n >= 3)


def template_lines(minutes: Minutes) -> frozenset[str]:
    """Everything known to be template in this file: from its series and from itself."""
    path = source_path(minutes)
    series = series_template(path) if path else frozenset()
    return series | repeated_in_file(minutes)
