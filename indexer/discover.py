"""Find the minutes files under each corpus root.

Kept apart from parsing so that `update` can compare what is on disk with what
is indexed without reading a single file.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .errors import CorpusError  # noqa: F401 (re-exported)

MINUTES_SUFFIXES = (".md", ".markdown")
#: Files at the top of a corpus that describe the repository, not a meeting.
REPOSITORY_FILES = {"readme.md", "license.md", "contributing.md", "code_of_conduct.md", "changelog.md", "security.md"}
SKIPPED_DIRS = {"node_modules", "__pycache__"}


@dataclass(frozen=True)
class SourceFile:
    """A candidate minutes file: where it is, and enough to tell if it changed."""

    root: Path
    path: str  # POSIX, relative to root
    size: int
    mtime_ns: int

    @property
    def full_path(self) -> Path:
        return self.root / self.path


#: Why a read-me or licence at the top of a corpus is left out (build reports it; --strict ignores it).
REPOSITORY_FILE = "repository file, not minutes"


def minutes_files(root: Path) -> Iterator[SourceFile]:
    """The meeting files under root: discover() without the repository's own files."""
    return (source for source in discover(root) if not is_repository_file(source.path))


def is_repository_file(path: str) -> bool:
    """A read-me or licence at the top of the corpus: about the repository, not a meeting."""
    return "/" not in path and path.lower() in REPOSITORY_FILES


def check_root(root: Path) -> Path:
    """Return the root resolved, or raise CorpusError saying why it cannot be used."""
    if not root.exists():
        raise CorpusError(f"corpus directory {str(root)!r} does not exist")
    if not root.is_dir():
        raise CorpusError(f"corpus {str(root)!r} is not a directory")
    if not os.access(root, os.R_OK | os.X_OK):
        raise CorpusError(f"corpus directory {str(root)!r} is not readable")
    return root.resolve()


def discover(root: Path) -> Iterator[SourceFile]:
    """Yield the Markdown files under root, sorted, skipping hidden and VCS folders.

    Symbolic links to folders are not followed (no loops); a linked file is kept
    only when it points inside the root, so nothing outside the corpus is read.
    """
    root = check_root(root)
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in SKIPPED_DIRS)
        here = Path(dirpath)
        for name in sorted(filenames):
            if name.startswith(".") or not name.lower().endswith(MINUTES_SUFFIXES):
                continue
            full = here / name
            try:
                if full.is_symlink() and not _inside(full.resolve(), root):
                    continue
                stat = full.stat()
            except OSError:
                continue  # dangling link or a file that vanished: nothing to index
            if not full.is_file():
                continue
            yield SourceFile(root, full.relative_to(root).as_posix(), stat.st_size, stat.st_mtime_ns)


#: A git symbolic link checked out as a plain file holds only its target's path.
_LINK_PLACEHOLDER_MAX = 512


def read_source(full: Path, root: Path | None = None) -> bytes:
    """The bytes of a minutes file, following a git link placeholder to its target.

    Tools that copy a repository without its symbolic links (archives, some APIs,
    checkouts with core.symlinks=false) leave a one-line file naming the target,
    such as `../hackathons/notes.md`. Such a file is read as its target, when the
    target is a Markdown file inside the same corpus root.
    """
    raw = full.read_bytes()
    if len(raw) > _LINK_PLACEHOLDER_MAX or b"\n" in raw.strip() or not raw.strip().lower().endswith(MINUTES_SUFFIXES[0].encode()):
        return raw
    try:
        target = (full.parent / raw.strip().decode("utf-8")).resolve()
    except (UnicodeDecodeError, ValueError, OSError):
        return raw
    boundary = (root or full.parent).resolve()
    if target.is_file() and _inside(target, boundary) and target != full.resolve():
        return target.read_bytes()
    return raw


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True
