"""Where things are: the index folder and the corpus roots, by the contract's rules."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

PROJECT_DIR = Path(__file__).resolve().parent.parent
#: The sample corpus that ships with the project: the default when nothing else is named.
SAMPLE_CORPUS = PROJECT_DIR / "corpus"
DEFAULT_INDEX = ".minutes-index"
#: The data tables (gazetteers, acronyms, word lists) that ship with the package.
PACKAGE_DATA = Path(__file__).resolve().parent / "data"


def data_dir() -> Path:
    """Where the data tables are read from: `$MINUTES_DATA`, else the package's own `data/`."""
    return Path(os.environ.get("MINUTES_DATA") or PACKAGE_DATA)


def index_path(given: str | None = None) -> Path:
    """`--index DIR`, else `$MINUTES_INDEX`, else `.minutes-index` here."""
    return Path(given or os.environ.get("MINUTES_INDEX") or DEFAULT_INDEX)


def env_corpus() -> list[Path]:
    value = os.environ.get("MINUTES_CORPUS", "").strip()
    return [Path(p) for p in value.split(os.pathsep) if p] if value else []


def corpus_roots(given: Sequence[str] = ()) -> list[Path]:
    """Directories named on the command line, else `$MINUTES_CORPUS`, else the sample corpus."""
    if given:
        return [Path(p) for p in given]
    return env_corpus() or [SAMPLE_CORPUS]
