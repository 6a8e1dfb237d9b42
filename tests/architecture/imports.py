"""The project's module import graph, read from source with :mod:`ast` (nothing imported).

Every ``import`` counts, inside functions too, except those under ``if TYPE_CHECKING:``
(they never run). Only imports of the project's own packages are kept.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: Folders whose sub-folders with an ``__init__.py`` are the project's top-level packages.
SOURCE_ROOTS = (ROOT, ROOT / "site")
NOT_PROJECT = {"tests", "bench", "node_modules", "build", "scripts", "frontend", "docs"}

Graph = dict[str, set[str]]


def modules(roots: Iterable[Path] = SOURCE_ROOTS) -> dict[str, Path]:
    """Dotted name → file for every module of the project's packages."""
    found: dict[str, Path] = {}
    for root in roots:
        for package in sorted(p.parent for p in root.glob("*/__init__.py")):
            if package.name in NOT_PROJECT or package.name.startswith("."):
                continue
            for path in sorted(package.rglob("*.py")):
                if "migrations" in path.parts:
                    continue
                parts = list(path.relative_to(root).with_suffix("").parts)
                if parts[-1] == "__init__":
                    parts.pop()
                found[".".join(parts)] = path
    return found


def _type_checking_only(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped |= {id(n) for stmt in node.body for n in ast.walk(stmt)}
    return skipped


def _imported(name: str, path: Path, tree: ast.AST, known: dict[str, Path]) -> set[str]:
    is_package = path.name == "__init__.py"
    skipped = _type_checking_only(tree)
    targets: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            targets |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = name.split(".")
                if not is_package:
                    package.pop()
                package = package[: len(package) - (node.level - 1)]
                base = ".".join(filter(None, [*package, base]))
            for alias in node.names:
                # ``from a import b`` imports the module a.b when there is one.
                child = f"{base}.{alias.name}"
                targets.add(child if child in known else base)
    return {_owner(t, known) for t in targets if _owner(t, known)} - {""}


def _owner(target: str, known: dict[str, Path]) -> str:
    """The longest project module that ``target`` names (``""`` if none)."""
    parts = target.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in known:
            return candidate
        parts.pop()
    return ""


def build(roots: Iterable[Path] = SOURCE_ROOTS) -> Graph:
    """Module → the project modules it imports."""
    known = modules(roots)
    graph: Graph = {}
    for name, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        graph[name] = _imported(name, path, tree, known) - {name}
    return graph


def external_imports(path: Path) -> set[str]:
    """Top-level names of every package a file imports (for the 'no Django' rule)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_only(tree)
    names: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names.add(node.module.split(".")[0])
    return names


def cycles(graph: Graph) -> list[list[str]]:
    """Every strongly connected group of two or more modules (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(start: str) -> None:
        # Iterative, so a deep chain of imports cannot hit the recursion limit.
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, edges = work[-1]
            for nxt in edges:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(graph.get(nxt, ())))))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups)
