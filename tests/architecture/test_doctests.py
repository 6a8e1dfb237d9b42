"""Every ``>>>`` example in the project's modules runs, so none can go stale.

The modules are found by their text, so a new example is collected without a list to
keep up to date; importing them needs Django set up, which pytest-django has done.
"""

from __future__ import annotations

import doctest
import importlib

import pytest

from tests.architecture.imports import modules

WITH_EXAMPLES = sorted(
    name for name, path in modules().items() if ">>>" in path.read_text(encoding="utf-8")
)


def test_examples_are_found():
    assert "common.text" in WITH_EXAMPLES and "analysis.themes" in WITH_EXAMPLES


@pytest.mark.parametrize("name", WITH_EXAMPLES)
def test_module_examples_pass(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0, f"{name} mentions >>> but has no example doctest can run"
    assert result.failed == 0
