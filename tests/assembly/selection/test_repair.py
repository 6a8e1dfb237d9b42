"""Local-search rounding of fractional panels (``assembly.selection.repair``)."""

import numpy as np
import pytest

from assembly.selection.repair import round_to_panel

# Four groups: (woman, young), (woman, old), (man, young), (man, old); panel of 4.
MATRIX = np.array(
    [
        [1, 1, 1, 1],  # panel size
        [1, 1, 0, 0],  # women
        [0, 0, 1, 1],  # men
        [1, 0, 1, 0],  # young
        [0, 1, 0, 1],  # old
    ],
    dtype=float,
)


def _meets(counts, lower, upper, col_low, col_high):
    act = MATRIX @ counts
    return (
        np.all(counts == np.rint(counts))
        and np.all(act >= lower - 1e-9)
        and np.all(act <= upper + 1e-9)
        and np.all(counts >= col_low)
        and np.all(counts <= col_high)
    )


def test_rounding_that_breaks_quotas_is_repaired_into_a_panel():
    lower = np.array([4, 2, 2, 1, 3], dtype=float)
    upper = np.array([4, 2, 2, 1, 3], dtype=float)
    col_low, col_high = np.zeros(4), np.full(4, 3.0)
    # Rounds to (1, 1, 1, 1): two young, two old, against quotas of one and three.
    values = np.array([0.6, 1.4, 0.6, 1.4])
    counts = round_to_panel(values, MATRIX, lower, upper, col_low, col_high)
    assert counts is not None
    assert _meets(counts, lower, upper, col_low, col_high)


def test_repair_keeps_each_group_within_its_bounds():
    lower = np.array([4, 2, 2, 1, 3], dtype=float)
    upper = np.array([4, 2, 2, 1, 3], dtype=float)
    # Group 3 (man, old) is closed, so both men must be young: infeasible with one young.
    col_low, col_high = np.zeros(4), np.array([3.0, 3.0, 3.0, 0.0])
    values = np.array([0.5, 1.5, 1.5, 0.5])
    assert round_to_panel(values, MATRIX, lower, upper, col_low, col_high) is None


@pytest.mark.parametrize("seed", range(20))
def test_every_returned_panel_meets_the_rows_and_bounds(seed):
    rng = np.random.default_rng(seed)
    lower = np.array([4, 1, 1, 1, 1], dtype=float)
    upper = np.array([4, 3, 3, 3, 3], dtype=float)
    col_low, col_high = np.zeros(4), rng.integers(1, 4, size=4).astype(float)
    values = rng.random(4) * col_high
    counts = round_to_panel(values, MATRIX, lower, upper, col_low, col_high)
    if counts is not None:
        assert _meets(counts, lower, upper, col_low, col_high)
