"""What an index holds, for `minutes info` and the app's Index page."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from .store import IndexDir, indexed_files, open_index, read_meta


def index_status(index_path: Path) -> dict[str, Any]:
    gen = IndexDir(index_path).current()
    meta = read_meta(gen)
    files = indexed_files(open_index(gen))
    indexed = [f for f in files.values() if not f.skipped]
    skipped = sorted((f for f in files.values() if f.skipped), key=lambda f: f.path)
    repaired = sorted((f for f in indexed if f.reason), key=lambda f: f.path)
    return {
        "index": str(Path(index_path).resolve()),
        "roots": meta.get("roots", []),
        "files": len(indexed),
        "sections": sum(f.sections for f in indexed),
        "skipped": len(skipped),
        "repaired": len(repaired),
        "last_build": meta.get("last_build"),
        "last_update": meta.get("last_update"),
        "last_change": meta.get("last_change"),
        "last_summary": meta.get("last_summary"),
        "skipped_files": [{"path": f.path, "reason": f.reason} for f in skipped]
        + [{"path": f.path, "reason": f"repaired: {f.reason}"} for f in repaired],
    }
