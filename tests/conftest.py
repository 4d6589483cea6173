"""Shared fixtures: tiny corpora written for the purpose, and one index of the sample corpus."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
SAMPLE_CORPUS = PROJECT / "corpus"
SHARED = Path(os.environ.get("MINUTES_SHARED", PROJECT.parent / "shared"))
SCS_CORPUS = SHARED / "corpus" / "scs-minutes"
DEV_LABELS = SHARED / "eval" / "dev"

TINY = {
    "infra/20240306.md": """# 2024-03-06

## Participants

- @Tobias
- Ana Ortega (@ana)

## OVN 24.03.0 upgrade (@tobias)

* LTS release of OVN, should we switch to it?
* Decision: we upgrade OVN to 24.03.0 in R7
* AI @ana: test the upgrade on the lab cluster
""",
    "infra/20240313.md": """# 2024-03-13

## Ceph Reef (@ana)

- Ceph Reef runs fine in the lab
- See https://github.com/example/ceph-ops/issues/12
""",
    "board/2023-11-20.md": """---
title: Board meeting
tags: [release]
---

# Board 2023-11-20

## Release R6

- We agreed to ship R6 in March
- TODO: write the release notes
""",
    "board/notes.md": """# Kickoff 2023-02-01

Nothing dated in the file name; the heading gives the date.
""",
}


def write_corpus(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def tiny_corpus(tmp_path: Path) -> Path:
    """Four short meetings in two series, written for these tests."""
    return write_corpus(tmp_path / "minutes", TINY)


@pytest.fixture
def tiny_index(tiny_corpus: Path, tmp_path: Path) -> Path:
    from indexer.indexing import build

    index = tmp_path / "index"
    build(index, [tiny_corpus], workers=1)
    return index


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped sample corpus, indexed once per test session."""
    from indexer.indexing import build

    index = tmp_path_factory.mktemp("sample") / "index"
    build(index, [SAMPLE_CORPUS], workers=1)
    return index


@pytest.fixture(scope="session")
def scs_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real SCS minutes, indexed once; skipped when ../shared is absent."""
    if not SCS_CORPUS.is_dir():
        pytest.skip("../shared/corpus/scs-minutes is not here")
    from indexer.indexing import build

    index = tmp_path_factory.mktemp("scs") / "index"
    build(index, [SCS_CORPUS])
    return index
