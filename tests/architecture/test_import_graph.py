"""The graph builder on a tiny tree, so the architecture checks provably can fail."""

from __future__ import annotations

import textwrap

from tests.architecture.imports import build, cycles


def _tree(tmp_path, files: dict[str, str]):
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return build([tmp_path])


def test_function_local_and_relative_imports_are_edges(tmp_path):
    graph = _tree(
        tmp_path,
        {
            "shop/__init__.py": "",
            "shop/models.py": "def serve():\n    from shop import views\n",
            "shop/views.py": "from .models import thing\nimport os\n",
            "shop/sub/__init__.py": "",
            "shop/sub/deep.py": "from ..views import x\nfrom . import other\n",
            "shop/sub/other.py": "",
        },
    )
    assert graph["shop.models"] == {"shop.views"}
    assert graph["shop.views"] == {"shop.models"}
    assert graph["shop.sub.deep"] == {"shop.views", "shop.sub.other"}


def test_type_checking_imports_do_not_count(tmp_path):
    graph = _tree(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/a.py": "import typing\nif typing.TYPE_CHECKING:\n    from app import b\n",
            "app/b.py": "import app.a\n",
        },
    )
    assert graph["app.a"] == set()
    assert cycles(graph) == []


def test_a_circle_is_found_and_a_chain_is_not():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []
