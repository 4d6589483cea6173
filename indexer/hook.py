"""`minutes hook install REPO`: git hooks that keep the index following the minutes."""
from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

from .errors import HookError  # noqa: F401 (re-exported)

MARKER = "# written by 'minutes hook install'"
#: post-merge runs after `git pull` (merge); post-rewrite after `git pull --rebase`.
HOOKS = ("post-merge", "post-rewrite")


def hooks_dir(repo: Path) -> Path:
    try:
        out = subprocess.run(["git", "-C", str(repo), "rev-parse", "--git-path", "hooks"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        raise HookError(f"{str(repo)!r} is not a git repository") from None
    path = Path(out.stdout.strip())
    return path if path.is_absolute() else (repo / path)


def hook_script(repo: Path, index: Path) -> str:
    command = [sys.executable, "-m", "indexer", "update", "--quiet", "--wait", "60", "--index", str(index), str(repo.resolve())]
    return "\n".join([
        "#!/bin/sh",
        MARKER,
        "# Brings the minutes index up to date after a pull; a failure never blocks git.",
        f"{shlex.join(command)} >/dev/null 2>&1 || echo 'minutes: index update failed; run minutes update' >&2",
        "exit 0",
        "",
    ])


def install_hook(repo: Path, index: Path, force: bool = False) -> list[Path]:
    """Write the hooks; an existing foreign hook is kept unless force (then saved as .bak)."""
    if not repo.is_dir():
        raise HookError(f"{str(repo)!r} is not a directory")
    target = hooks_dir(repo)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name in HOOKS:
        path = target / name
        if path.exists() and MARKER not in path.read_text(errors="replace"):
            if not force:
                raise HookError(f"{path} exists and was not written by minutes; pass --force to replace it (it is kept as {name}.bak)")
            path.replace(path.with_name(name + ".bak"))
        path.write_text(hook_script(repo, index))
        path.chmod(0o755)
        written.append(path)
    return written
