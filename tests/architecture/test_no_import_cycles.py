"""No import circles in the project, counting imports inside functions.

One test per top-level package: a package fails when a circle runs through any of its
modules.
"""

from __future__ import annotations

import pytest

from tests.architecture.imports import build, cycles, modules

PACKAGES = sorted({name.split(".")[0] for name in modules()})


@pytest.fixture(scope="module")
def circles() -> list[list[str]]:
    return cycles(build())


@pytest.mark.parametrize("package", PACKAGES)
def test_package_has_no_import_circle(package, circles):
    through = [c for c in circles if any(m.split(".")[0] == package for m in c)]
    assert through == []
