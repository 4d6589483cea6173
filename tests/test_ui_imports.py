"""The app calls only the query layer: no module under ui/ imports Whoosh, the store or the indexer.

Read from the source (ast), so a lazy import inside a function counts as much as one at the top.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

UI = Path(__file__).resolve().parent.parent / "ui"
BELOW_THE_QUERY_LAYER = ("whoosh", "indexer.store", "indexer.indexing", "indexer.nlp", "indexer.parse",
                         "indexer.discover", "spacy")


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def below(name: str) -> bool:
    return any(name == low or name.startswith(low + ".") for low in BELOW_THE_QUERY_LAYER)


UI_FILES = sorted(UI.rglob("*.py"))


@pytest.mark.parametrize("path", UI_FILES, ids=lambda p: str(p.relative_to(UI)))
def test_ui_module_imports_only_the_query_layer(path):
    assert not sorted(n for n in imported_modules(path) if below(n))


def test_the_check_sees_an_import_below_the_query_layer(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from indexer.store import Engine\n    import whoosh.index\n")
    assert {n for n in imported_modules(bad) if below(n)} == {"indexer.store", "indexer.store.Engine", "whoosh.index"}


def test_every_page_is_checked():
    assert {"Search.py", "1_Timeline.py", "2_Decisions.py", "3_Explore.py", "4_Index.py", "5_Source.py"} <= \
        {p.name for p in UI_FILES}
