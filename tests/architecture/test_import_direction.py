"""Every import between the project's packages goes the way docs/architecture.md says.

``ALLOWED`` is the one table of permitted edges: for each package, the packages (or,
for another app, the public modules of it) that it may import. A package may always
import itself. Imports inside functions count too.
"""

from __future__ import annotations

from tests.architecture.imports import build, external_imports, modules

INFRASTRUCTURE = ("formkit", "audit", "accounts", "jobs")
BELOW_APPS = ("common", *INFRASTRUCTURE)
ANYTHING = ("*",)

ALLOWED: dict[str, tuple[str, ...]] = {
    # Pure shared libraries: no project module (and no Django, checked below).
    "common": (),
    **dict.fromkeys(INFRASTRUCTURE, BELOW_APPS),
    "assembly": BELOW_APPS,
    "consultations": (*BELOW_APPS, "assembly.selectors", "assembly.rules"),
    "deliberation": (
        *BELOW_APPS,
        *(f"{app}.{part}" for app in ("assembly", "consultations")
          for part in ("selectors", "rules", "signals")),
        # A meeting's live session: deliberation links it through assembly's service,
        # which holds the meeting row lock (assembly itself imports no deliberation).
        "assembly.services",
    ),
    "analysis": (
        *BELOW_APPS,
        *(f"{app}.{part}" for app in ("assembly", "consultations", "deliberation")
          for part in ("selectors", "rules")),
    ),
    "home": ANYTHING,
    "config": ANYTHING,
}  # fmt: skip

FRAMEWORKS = {"django", "wagtail", "channels", "rules", "modelcluster", "taggit", "daphne"}


def _allowed(source: str, target: str) -> bool:
    owner, wanted = source.split(".")[0], target.split(".")[0]
    rules = ALLOWED[owner]
    if owner == wanted or rules == ANYTHING:
        return True
    return any(target == rule or target.startswith(rule + ".") for rule in rules)


def violations() -> set[tuple[str, str]]:
    return {
        (source, target)
        for source, targets in build().items()
        for target in targets
        if not _allowed(source, target)
    }


def test_every_package_is_in_the_table():
    assert {name.split(".")[0] for name in modules()} == set(ALLOWED)


def test_no_import_crosses_a_forbidden_direction():
    assert sorted(violations()) == []


def test_shared_libraries_import_no_framework():
    found = {
        name: sorted(external_imports(path) & FRAMEWORKS)
        for name, path in modules().items()
        if name.split(".")[0] == "common"
    }
    assert {name: names for name, names in found.items() if names} == {}


def test_the_table_refuses_an_upward_import():
    assert not _allowed("assembly.models", "consultations.selectors")
    assert not _allowed("analysis.views", "consultations.models")
    assert not _allowed("common.text", "accounts.models")
    assert _allowed("analysis.selectors", "consultations.selectors")
    assert _allowed("config.urls", "analysis.views")
