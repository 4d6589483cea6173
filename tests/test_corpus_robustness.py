"""Every file of every corpus in ../shared/corpus goes through parsing and the NLP without an exception.

Skipped when ../shared is absent. A failure here names each file and the exception, so a
rule that trips on some community's text is found before a user loses that file.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from indexer.discover import minutes_files, read_source
from indexer.nlp import annotate
from indexer.parse import UnreadableFile, parse_minutes

from .conftest import SHARED

CORPORA = sorted(p for p in (SHARED / "corpus").glob("*") if p.is_dir()) if (SHARED / "corpus").is_dir() else []


@pytest.mark.slow
@pytest.mark.skipif(not CORPORA, reason="../shared/corpus is not here")
@pytest.mark.parametrize("corpus", CORPORA, ids=[p.name for p in CORPORA])
def test_the_nlp_reads_every_file_without_an_exception(corpus: Path):
    failures: list[str] = []
    files = 0
    for source in minutes_files(corpus):
        files += 1
        try:
            minutes = parse_minutes(read_source(source.full_path, source.root), source.path, str(source.root))
        except UnreadableFile:
            continue  # not text: build skips it and says so
        except Exception as exc:  # noqa: BLE001 - the point is to catch any
            failures.append(f"{source.path}: parse: {type(exc).__name__}: {exc}")
            continue
        try:
            annotated = next(iter(annotate([minutes])))
        except Exception as exc:  # noqa: BLE001
            failures.append(f"{source.path}: nlp: {type(exc).__name__}: {exc}")
            continue
        failures += [f"{source.path}: {w}" for w in annotated.warnings if "failed" in w]
        assert annotated.meetings, source.path
    assert files > 0
    assert failures == []
