"""Assemblies import one way: no circle among their modules (counting imports inside
functions) but the page's one late import of its view, and no app above them."""

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
#: A Wagtail page routes its requests to the view that imports its models (models/page.py).
LATE_SERVE = ("assembly.models.page", "assembly.views.public")


def _modules(package: str) -> dict[str, Path]:
    root = REPO / package
    found = {}
    for path in root.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(REPO).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(name: str, path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = name.split(".")
                if path.name != "__init__.py":
                    package = package[:-1]
                package = package[: len(package) - (node.level - 1)]
                base = ".".join([*package, *([node.module] if node.module else [])])
            # ``from pkg import name`` names the module pkg.name, or else pkg itself.
            out |= {f"{base}.{a.name}" for a in node.names}
    return out


def _graph(package: str) -> dict[str, set[str]]:
    modules = _modules(package)
    graph = {}
    for name, path in modules.items():
        targets = set()
        for imported in _imports(name, path):
            while imported and imported not in modules:
                imported = imported.rpartition(".")[0]
            if imported and imported != name:
                targets.add(imported)
        graph[name] = targets
    return graph


def _circle(graph: dict[str, set[str]]) -> list[str]:
    """One circle of the graph, or ``[]``."""
    state: dict[str, int] = {}

    def visit(node, trail):
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*trail[trail.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt, [*trail, nxt])):
                return found
        state[node] = 2
        return []

    for start in sorted(graph):
        if start not in state and (found := visit(start, [start])):
            return found
    return []


def test_assembly_has_no_import_circle_but_the_page_serving_its_view():
    graph = _graph("assembly")
    assert LATE_SERVE[1] in graph[LATE_SERVE[0]]
    graph[LATE_SERVE[0]].discard(LATE_SERVE[1])
    assert _circle(graph) == []


def test_analysis_has_no_import_circle():
    assert _circle(_graph("analysis")) == []


def test_a_circle_is_found_when_there_is_one():
    assert _circle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_assembly_imports_no_app_above_it():
    above = {"deliberation", "analysis", "home"}
    for name, path in _modules("assembly").items():
        tops = {imported.split(".")[0] for imported in _imports(name, path)}
        assert not tops & above, name
