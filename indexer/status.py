"""What an index holds and how to bring it up to date, for `minutes info` and the app's Index page.

The app reaches the index's folder and its maintenance only through here (and the
query layer), never through `store` or `indexing` directly.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Sequence

from .aliases import OVERRIDE_FILE
from .discover import MINUTES_SUFFIXES, REPOSITORY_FILE, is_repository_file
from .store import IndexDir, indexed_files, open_index, read_meta


def index_status(index_path: Path) -> dict[str, Any]:
    """What the index holds; ``aliases`` are the groups of forms searched as one (learned from the
    corpus at build time, ``source: learned``, or from the override files, ``source: override``)."""
    gen = IndexDir(index_path).current()
    meta = read_meta(gen)
    files = indexed_files(open_index(gen))
    indexed = [f for f in files.values() if not f.skipped]
    skipped = sorted((f for f in files.values() if f.skipped), key=lambda f: f.path)
    repaired = sorted((f for f in indexed if f.reason), key=lambda f: f.path)
    left_out = repository_files(meta.get("roots", []))
    return {
        "index": str(Path(index_path).resolve()),
        "roots": meta.get("roots", []),
        "files": len(indexed),
        "sections": sum(f.sections for f in indexed),
        "skipped": len(skipped) + len(left_out),
        "repaired": len(repaired),
        "last_build": meta.get("last_build"),
        "last_update": meta.get("last_update"),
        "last_change": meta.get("last_change"),
        "last_summary": meta.get("last_summary"),
        "skipped_files": [{"path": f.path, "reason": f.reason} for f in skipped]
        + [{"path": path, "reason": REPOSITORY_FILE} for path in left_out]
        + [{"path": f.path, "reason": f"repaired: {f.reason}"} for f in repaired],
        "aliases": meta.get("aliases", []),
        "alias_overrides": [str(Path(r) / OVERRIDE_FILE) for r in meta.get("roots", [])],
    }


def repository_files(roots: Sequence[str]) -> list[str]:
    """The read-mes and licences at the top of each root, which a build reports as skipped but does not index."""
    found = []
    for root in roots:
        try:
            names = sorted(p.name for p in Path(root).iterdir() if p.is_file())
        except OSError:
            continue
        found += [n for n in names if n.lower().endswith(MINUTES_SUFFIXES) and is_repository_file(n)]
    return found


def status_lines(status: dict[str, Any]) -> list[str]:
    """`index_status` for a person: one fact a line, lists as lists, nothing shown as a Python repr."""
    lines = [f"index: {status['index']}", "corpus roots:" if status["roots"] else "corpus roots: none recorded"]
    lines += [f"  {root}" for root in status["roots"]]
    lines.append(f"files: {status['files']}; sections: {status['sections']}; "
                 f"skipped: {status['skipped']}; repaired: {status['repaired']}")
    for key in ("last_build", "last_update", "last_summary"):
        if status.get(key):
            lines.append(f"{key.replace('_', ' ')}: {status[key]}")
    if status["skipped_files"]:
        lines.append("skipped and repaired files:")
        lines += [f"  {f['path']}: {f['reason']}" for f in status["skipped_files"]]
    return lines + alias_lines(status)


def alias_lines(status: dict[str, Any]) -> list[str]:
    """The alias groups, one a line, so a user can see what is searched as one and correct it."""
    files = " or ".join(status.get("alias_overrides") or []) or "an override file"
    lines = [f"aliases: {len(status.get('aliases') or [])} (searched as one; correct them in {files})"]
    for group in status.get("aliases") or []:
        lines.append(f"  {' = '.join(group['forms'])}" + ("  [override]" if group.get("source") == "override" else ""))
    return lines


def index_roots(index_path: Path) -> list[Path]:
    """The corpus roots an existing index was built from (empty when there is none)."""
    from .indexing import index_roots as roots_of

    return roots_of(index_path)


def update_index(index_path: Path, roots: Sequence[str], progress: Callable[[int, int], None] | None = None,
                 wait: float = 10.0) -> str:
    """Bring the index up to date with its roots; the one-line summary of what changed."""
    from .indexing import update

    return update(index_path, [Path(r) for r in roots], progress=progress, wait=wait).line("update")
