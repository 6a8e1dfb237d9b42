"""Every job kind the code starts is registered by autodiscovery alone."""

import ast
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SOURCES = ["assembly", "analysis", "consultations", "deliberation", "site"]


def _module_name(path: Path) -> str:
    relative = path.relative_to(REPO / "site" if path.is_relative_to(REPO / "site") else REPO)
    return ".".join(relative.with_suffix("").parts)


def _started_kinds() -> dict[str, str]:
    """Each ``job_start(kind=...)`` in the code, its kind evaluated in its own module."""
    kinds = {}
    for root in SOURCES:
        for path in (REPO / root).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(), filename=str(path))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                if name != "job_start":
                    continue
                kind = next(k.value for k in node.keywords if k.arg == "kind")
                if isinstance(kind, ast.Name) and kind.id == "kind":
                    continue  # job_start's own definition passes its argument on
                module = importlib.import_module(_module_name(path))
                value = eval(ast.unparse(kind), vars(module))  # noqa: S307 (our own source)
                kinds[value] = f"{path.relative_to(REPO)}:{node.lineno}"
    return kinds


def test_the_scan_finds_the_job_kinds_of_every_app():
    kinds = _started_kinds()
    for app in ("assembly.", "analysis.", "consultations."):
        assert any(k.startswith(app) for k in kinds), app


def test_every_started_job_kind_is_registered_after_django_setup():
    # A fresh interpreter: only django.setup() may register handlers, not test imports.
    code = (
        "import django, json; django.setup(); "
        "from jobs.registry import registered_kinds; print(json.dumps(registered_kinds()))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "site")]),
    }
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=REPO, capture_output=True, text=True, check=True
    )
    registered = set(json.loads(out.stdout.strip().splitlines()[-1]))
    missing = {kind: where for kind, where in _started_kinds().items() if kind not in registered}
    assert missing == {}
