"""LEXIMIN on the published example instances of Flanigan et al. (2021)."""

import json

import pytest

from assembly.pool_csv import read_pool
from assembly.selection import find_distribution

from .reference import DATA


@pytest.mark.parametrize("name", ["example_small_20", "example_large_200"])
def test_leximin_gives_published_minimum_on_example_instances(name):
    folder = DATA / name
    if not folder.is_dir():
        pytest.skip(f"benchmark data not available at {folder}")
    k = json.loads((folder / "instance.json").read_text())["k"]
    pool = read_pool(folder / "people.csv", folder / "categories.csv")
    distribution = find_distribution(pool.people, pool.quotas, k)
    assert distribution.min_probability == pytest.approx(0.1, abs=1e-6)
    assert sum(distribution.person_probabilities.values()) == pytest.approx(k, abs=1e-6)
