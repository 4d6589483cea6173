"""The code keeps the shape docs/ARCHITECTURE.md promises: a map that is true, no import
cycle inside the package, no evaluation code in it, and functions short enough to read."""
from __future__ import annotations

import ast
import re
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
PACKAGE = PROJECT / "indexer"
MAP = (PROJECT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PROJECT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path) -> set[str]:
    """Modules of the package that `path` imports anywhere (top level or inside a function)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            target = ".".join([*base, node.module] if node.module else base)
            found.add(target)
            found |= {f"{target}.{a.name}" for a in node.names}
    return {m for m in found if m.startswith("indexer")}


def test_every_module_the_map_names_exists():
    files = {p.relative_to(PROJECT).as_posix() for p in PROJECT.rglob("*.py") if ".venv" not in p.parts}
    folders = {p.relative_to(PROJECT).as_posix() + "/" for p in PROJECT.rglob("*") if p.is_dir() and ".venv" not in p.parts}
    named = set(re.findall(r"`([\w./-]+\.py)`", MAP)) | set(re.findall(r"`([\w./-]+/)`", MAP))
    missing = sorted(n for n in named if not n.startswith("../")
                     and not any(f == n or f.endswith("/" + n) for f in files | folders))
    assert not missing, f"docs/ARCHITECTURE.md names modules that are gone: {missing}"


def test_every_module_of_the_package_is_on_the_map():
    unnamed = []
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE).as_posix()
        if path.name in ("__init__.py", "__main__.py"):
            continue
        folder_named = f"`{path.parent.name}/`" in MAP and path.parent.parent != PACKAGE and path.parent != PACKAGE
        if f"`{path.name}`" not in MAP and f"`{rel}`" not in MAP and not folder_named:
            unnamed.append(rel)
    assert not unnamed, f"modules missing from docs/ARCHITECTURE.md: {sorted(unnamed)}"


def test_the_package_has_no_import_cycle():
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = {m: {i for i in imported_modules(p) if i in modules and i != m} for m, p in modules.items()}
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> list[str] | None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1 and not node.startswith(nxt + "."):  # a package importing its own child is fine
                return trail + [node, nxt]
            if nxt not in state and (cycle := visit(nxt, trail + [node])):
                return cycle
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start, [])):
            raise AssertionError(f"import cycle: {' -> '.join(cycle)}")


def test_no_evaluation_code_ships_in_the_package():
    assert not [p.name for p in PACKAGE.rglob("*.py") if re.search(r"eval(uate|uation)?[_.]|score", p.name)]



def test_no_function_is_longer_than_a_screen():
    """80 lines at the most: a longer function is steps that want names of their own."""
    long = []
    for path in sorted(p for folder in (PACKAGE, PROJECT / "ui") for p in folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno >= 80:
                long.append(f"{path.relative_to(PROJECT)}:{node.lineno} {node.name}")
    assert not long, f"functions over 80 lines: {long}"
