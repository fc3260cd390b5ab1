"""The core's modules import one another without cycles, counting imports inside functions too.

A cycle hidden in a function-level import still ties two modules into one: neither can be
understood, tested or moved without the other. Imports made only for type checking are left out
(they never run). Importing ``a.b.c`` runs ``a/b/__init__.py`` first, so that is an edge too.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import REPO

CORE = REPO / "annotator"
APP = REPO / "ui"


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_names(tree: ast.Module, module: str, is_package: bool) -> set[str]:
    """Dotted names imported anywhere in ``tree`` except under ``if TYPE_CHECKING:``."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    names: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".") if is_package else module.split(".")[:-1]
                package = package[: len(package) - node.level + 1]
                base = ".".join([*package, *([node.module] if node.module else [])])
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def import_graph(root: Path = CORE) -> dict[str, set[str]]:
    files = {module_name(path): path for path in root.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for module, path in files.items():
        targets: set[str] = set()
        for name in imported_names(ast.parse(path.read_text("utf-8")), module, path.name == "__init__.py"):
            while name and name not in files:  # "pkg.mod.func" -> "pkg.mod"
                name = name.rpartition(".")[0]
            if name and name != module:
                targets.add(name)
            # the packages on the way run their __init__ first (this module's own are running already)
            name = name.rpartition(".")[0]
            while name:
                if name in files and not module.startswith(name + "."):
                    targets.add(name)
                name = name.rpartition(".")[0]
        graph[module] = targets
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_core_has_no_import_cycles() -> None:
    graph = import_graph()
    assert "annotator.importers.read" in graph.get("annotator.importers.batch", set())
    problems = [
        "; ".join(f"{a} imports {b}" for a in group for b in sorted(graph[a]) if b in group)
        for group in cycles(graph)
    ]
    assert not problems, "\n".join(problems)


def test_imports_in_functions_count_and_imports_for_type_checking_do_not() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from annotator.project import Project\n"
        "def f():\n    from annotator.formats import detect_format\n"
    )
    names = imported_names(ast.parse(source), "annotator.x", False)
    assert "annotator.formats" in names and "annotator.project" not in names
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_app_has_no_import_cycles() -> None:
    graph = import_graph(APP)
    assert "ui.panes.review" in graph.get("ui.window.mainwindow", set())  # relative imports resolve
    problems = [
        "; ".join(f"{a} imports {b}" for a in group for b in sorted(graph[a]) if b in group)
        for group in cycles(graph)
    ]
    assert not problems, "\n".join(problems)
