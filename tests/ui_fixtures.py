"""Fixtures for the UI tests: a copy of the sample corpus (plus one hostile file) and an index of it.

Import the fixtures you need into a test module: `from tests.ui_fixtures import ui_index, ...`.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
SAMPLE = PROJECT / "corpus"
APP = PROJECT / "ui" / "Search.py"

#: A minutes file that tries to run code in the browser; every payload sets window.__xss.
HOSTILE = """\
---
date: 2024-05-15
series: infra
---
# Security review <img src=x onerror="window.__xss='title'">

## Payloads <b onmouseover="window.__xss='heading'">bold</b> xsspayload

Attendees: @mallory

xsspayload <img src=x onerror="window.__xss='img'"> and <script>window.__xss='script'</script> inline.
A markdown link [click me](javascript:window.__xss='mdlink') and a raw one <a href="javascript:window.__xss='a'">here</a>.
An image ![pic](javascript:window.__xss='mdimg') and <svg onload="window.__xss='svg'"></svg> end.

<script>
window.__xss = 'block';
</script>

Decision: xsspayload review <iframe src="javascript:window.__xss='iframe'"></iframe> accepted.
"""


def make_corpus(target: Path) -> Path:
    shutil.copytree(SAMPLE, target)
    (target / "infra" / "20240515-security.md").write_text(HOSTILE, encoding="utf-8")
    return target


def build_index(corpus: Path, index: Path) -> Path:
    from indexer.indexing import build

    build(index, [corpus], workers=1)
    return index


@pytest.fixture(scope="session")
def ui_corpus(tmp_path_factory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("ui") / "corpus")


@pytest.fixture(scope="session")
def ui_index(ui_corpus, tmp_path_factory) -> Path:
    """An index of the corpus copy, shared by the tests that only read."""
    return build_index(ui_corpus, tmp_path_factory.mktemp("ui-index") / "index")


@pytest.fixture
def app_env(ui_index, monkeypatch):
    """MINUTES_INDEX pointing at the shared index, no source URL template."""
    monkeypatch.setenv("MINUTES_INDEX", str(ui_index))
    monkeypatch.delenv("MINUTES_SOURCE_URL", raising=False)
    return ui_index


@pytest.fixture
def fresh_index(tmp_path, monkeypatch):
    """A corpus copy and an index of its own, for tests that change them."""
    corpus = make_corpus(tmp_path / "corpus")
    index = build_index(corpus, tmp_path / "index")
    monkeypatch.setenv("MINUTES_INDEX", str(index))
    monkeypatch.delenv("MINUTES_SOURCE_URL", raising=False)
    return corpus, index
