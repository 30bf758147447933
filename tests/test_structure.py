"""The house's shape, checked: data flows one way between the modules of generator/.

Module-level imports between the package's modules form no cycle; an import
inside a function exists only to spare a measured start-up cost, and says so
(the line, or the one above it, names the cost in ms).
"""
from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "generator"
BOTTOM = {"errors", "files", "limits", "vn", "inline", "textwidth", "docxml", "rules"}  # the leaves: import no stage


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py")) if "data" not in path.parts}


def imported(name: str, node: ast.ImportFrom, known: set[str]) -> set[str]:
    """The package's modules an `from . import x` / `from .a import b` names, as dotted names."""
    if node.level == 0:
        return set()
    base = name.split(".")[: len(name.split(".")) - node.level + (1 if is_package(name) else 0)]
    target = ".".join([*base, *(node.module.split(".") if node.module else [])])
    found = {target} if target in known else set()
    found |= {f"{target}.{alias.name}".lstrip(".") for alias in node.names if f"{target}.{alias.name}".lstrip(".") in known}
    return found


def is_package(name: str) -> bool:
    return (PACKAGE / name.replace(".", "/") / "__init__.py").is_file() if name else True


def graph() -> dict[str, set[str]]:
    known = set(modules())
    edges: dict[str, set[str]] = {}
    for name, path in modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        edges[name] = set()
        for node in tree.body:
            if isinstance(node, ast.ImportFrom):
                edges[name] |= imported(name, node, known) - {name}
    return edges


def cycle(edges: dict[str, set[str]]) -> list[str]:
    """One cycle of the graph as a list of modules, or [] when there is none."""
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node], _ = "open", stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == "open":
                return [*stack[stack.index(nxt):], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        state[node], _ = "done", stack.pop()
        return []

    for start in sorted(edges):
        if start not in state and (found := visit(start)):
            return found
    return []


def test_module_level_imports_form_no_cycle():
    assert cycle(graph()) == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_leaves_import_no_stage():
    edges = graph()
    for leaf in BOTTOM & set(edges):
        assert edges[leaf] <= BOTTOM, f"{leaf} imports {sorted(edges[leaf] - BOTTOM)}"


def test_imports_inside_functions_say_which_start_up_cost_they_spare():
    unexplained = []
    for name, path in modules().items():
        lines = path.read_text(encoding="utf-8").splitlines()
        tree = ast.parse("\n".join(lines))
        for function in (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))):
            for node in ast.walk(function):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    nearby = " ".join(lines[max(0, node.lineno - 3):node.lineno])
                    if " ms" not in nearby:
                        unexplained.append(f"{name}:{node.lineno}: {lines[node.lineno - 1].strip()}")
    assert unexplained == []
