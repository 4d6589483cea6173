"""`minutes ui`: start the Streamlit app on an index, building it first when there is none."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Sequence

from .config import PROJECT_DIR

APP = PROJECT_DIR / "ui" / "Search.py"


def launch(index: Path, host: str, port: int, roots: Sequence[Path]) -> int:
    from .indexing import build
    from .store import IndexDir

    if not IndexDir(index).exists():
        print(f"no index at {index}; building it from {', '.join(str(r) for r in roots)} first", file=sys.stderr)
        print(build(index, roots).line("build"), file=sys.stderr)
    if not APP.exists():
        print(f"minutes: the app is missing ({APP}); reinstall the project", file=sys.stderr)
        return 1
    env = dict(os.environ, MINUTES_INDEX=str(index.resolve()))
    command = [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.address", host, "--server.port", str(port),
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--client.toolbarMode", "minimal",
    ]
    print(f"minutes app on http://{host}:{port}/ (index {index})", file=sys.stderr)
    sys.stdout.flush()
    sys.stderr.flush()
    # Become Streamlit: signals (Ctrl-C, SIGTERM from a supervisor) then reach the server itself.
    os.execve(sys.executable, command, env)
    return 0  # not reached
