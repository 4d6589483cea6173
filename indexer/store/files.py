"""The index folder on disk: generations, the atomic swap, the writers' lock, metadata.

Layout of an index folder::

    .minutes-index/
        CURRENT          symbolic link to the live generation
        gen-<stamp>/     a complete Whoosh index plus meta.json
        .lock            held by the one build or update that may write

`build` fills a new generation and swaps `CURRENT` to it in one rename, so a reader
sees the old index or the new one, never half of one; a killed build leaves only a
stray generation folder, removed by the next writer.
"""
from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from ..errors import IndexBusy, IndexMissing, NotAnIndex  # noqa: F401 (re-exported)

CURRENT = "CURRENT"
LOCK = ".lock"
META = "meta.json"
GEN_PREFIX = "gen-"


class IndexDir:
    def __init__(self, path: Path | str):
        self.path = Path(path)

    def current(self) -> Path:
        """The live generation's folder, or IndexMissing."""
        link = self.path / CURRENT
        try:
            target = os.readlink(link)
        except OSError:
            raise IndexMissing(f"no index at {str(self.path)!r}; run 'minutes build' first") from None
        gen = self.path / target
        if not gen.is_dir():
            raise IndexMissing(f"the index at {str(self.path)!r} is incomplete; run 'minutes build'")
        return gen

    def exists(self) -> bool:
        try:
            self.current()
        except IndexMissing:
            return False
        return True

    def check_writable(self) -> None:
        """Refuse to take over a folder that holds something other than an index."""
        if self.path.exists() and not self.path.is_dir():
            raise NotAnIndex(f"{str(self.path)!r} is a file, not an index folder")
        if self.path.is_dir():
            foreign = [p.name for p in self.path.iterdir() if p.name not in (CURRENT, LOCK) and not p.name.startswith(GEN_PREFIX) and not p.name.startswith(".")]
            if foreign:
                raise NotAnIndex(f"{str(self.path)!r} holds other files ({foreign[0]}, ...); choose an empty folder for the index")

    @contextmanager
    def lock(self, wait: float = 0.0) -> Iterator[None]:
        """Hold the writers' lock; wait up to `wait` seconds for another writer to finish."""
        self.check_writable()
        self.path.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + wait
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as exc:
                    if exc.errno not in (errno.EAGAIN, errno.EACCES):
                        raise
                    if time.monotonic() >= deadline:
                        holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "another process"
                        raise IndexBusy(
                            f"another build or update (pid {holder}) is writing the index at {str(self.path)!r}; "
                            "try again when it has finished, or pass --wait SECONDS"
                        ) from None
                    time.sleep(0.1)
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode(), 0)
            yield
        finally:
            os.close(fd)  # closing releases the lock

    def new_generation(self) -> Path:
        stamp = time.strftime("%Y%m%dT%H%M%S") + f"-{time.monotonic_ns() % 10**9:09d}-{os.getpid()}"
        gen = self.path / f"{GEN_PREFIX}{stamp}"
        gen.mkdir(parents=True)
        return gen

    def publish(self, gen: Path) -> None:
        """Make `gen` the live generation in one atomic rename, then drop the others."""
        tmp = self.path / f".{CURRENT}.{os.getpid()}"
        if tmp.is_symlink() or tmp.exists():
            tmp.unlink()
        os.symlink(gen.name, tmp)
        os.replace(tmp, self.path / CURRENT)
        fsync_dir(self.path)
        self.remove_stale(keep=gen)

    def remove_stale(self, keep: Path | None = None) -> None:
        """Remove generations that are not live: leftovers of killed or replaced builds."""
        try:
            live = self.current().name
        except IndexMissing:
            live = None
        for child in self.path.iterdir():
            if child.name.startswith(GEN_PREFIX) and child.name != live and (keep is None or child.name != keep.name):
                shutil.rmtree(child, ignore_errors=True)


def read_meta(gen: Path) -> dict[str, Any]:
    try:
        return json.loads((gen / META).read_text())
    except (OSError, ValueError):
        return {}


def write_meta(gen: Path, meta: dict[str, Any]) -> None:
    """Write meta.json atomically: a reader never sees half of it."""
    tmp = gen / f".{META}.{os.getpid()}"
    tmp.write_text(json.dumps(meta, indent=1, sort_keys=True))
    os.replace(tmp, gen / META)


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
