"""Per-line statistics, round shifts and display rounding, against hand-computed figures."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from common.budget import (
    UNALLOCATED,
    Allocation,
    allocations_matrix,
    budget_aggregate,
    largest_remainder_round,
    quantile,
    round_shift,
)
from tests.common.budget.factories import care_exercise, rule

# Four submissions of 100 over two lines; today's budget is (50, 50).
ROWS = [[10, 90], [40, 60], [50, 50], [70, 30]]


def test_mean_median_and_quartiles_by_hand():
    agg = budget_aggregate(["a", "b"], ROWS)
    a, b = agg.lines
    assert (agg.envelope, agg.n) == (100, 4)
    # a sorted: 10 40 50 70. Mean 170/4; median at h = 1.5 -> 45;
    # q1 at h = 0.75 -> 10 + 0.75·30 = 32.5; q3 at h = 2.25 -> 50 + 0.25·20 = 55.
    assert a.mean == Fraction(85, 2)
    assert (a.median, a.q1, a.q3) == (45, Fraction(65, 2), 55)
    # b sorted: 30 50 60 90: median 55, q1 45, q3 67.5.
    assert (b.mean, b.median, b.q1, b.q3) == (Fraction(115, 2), 55, 45, Fraction(135, 2))
    assert a.cut is None and a.kept is None and a.raised is None


def test_quantiles_match_numpy_linear_method():
    values = [3, 1, 4, 1, 5, 9, 2, 6]
    ordered = sorted(values)
    for p in (Fraction(1, 4), Fraction(1, 2), Fraction(3, 4)):
        assert float(quantile(ordered, p)) == pytest.approx(np.quantile(values, float(p)))


def test_shares_cut_kept_raised_against_today():
    a, b = budget_aggregate(["a", "b"], ROWS, current={"a": 50, "b": 50}).lines
    assert (a.cut, a.kept, a.raised) == (Fraction(1, 2), Fraction(1, 4), Fraction(1, 4))
    assert (b.cut, b.kept, b.raised) == (Fraction(1, 4), Fraction(1, 4), Fraction(1, 2))


def test_the_phantom_median_is_reported_beside_the_mean_and_balances():
    agg = budget_aggregate(["a", "b"], ROWS)
    assert sum(line.phantom_median for line in agg.lines) == 100


def test_rows_that_do_not_share_one_envelope_are_refused():
    with pytest.raises(ValueError, match="same envelope"):
        budget_aggregate(["a", "b"], [[10, 90], [10, 80]])
    with pytest.raises(ValueError, match="negative"):
        budget_aggregate(["a", "b"], [[-10, 110], [10, 90]])
    with pytest.raises(ValueError, match="no submissions"):
        budget_aggregate(["a", "b"], np.zeros((0, 2), dtype=np.int64))


def test_huge_amounts_stay_exact_beyond_int64():
    big = 10**18
    agg = budget_aggregate(["a", "b"], [[big, big], [2 * big, 0]])
    assert agg.envelope == 2 * big
    assert agg.lines[0].mean == Fraction(3 * big, 2)
    assert sum(line.phantom_median for line in agg.lines) == 2 * big


def test_underspend_adds_the_unallocated_line():
    exercise = care_exercise(rule=rule("underspend"))
    allocations = [
        Allocation({"prevention": 20, "adult-social-care": 50, "hospital": 20}),
        Allocation({"prevention": 20, "adult-social-care": 50, "hospital": 30}),
    ]
    refs, rows = allocations_matrix(exercise, allocations)
    assert refs[-1] == UNALLOCATED
    assert rows == [[20, 50, 20, 10], [20, 50, 30, 0]]
    assert budget_aggregate(refs, rows).lines[-1].mean == 5


def test_round_shift_over_paired_submissions():
    before = [[10, 90], [40, 60], [50, 50]]
    after = [[20, 80], [40, 60], [45, 55]]
    a, b = round_shift(["a", "b"], before, after)
    assert (a.pairs, a.mean_shift, a.moved_up, a.moved_down) == (
        3,
        Fraction(5, 3),
        Fraction(1, 3),
        Fraction(1, 3),
    )
    assert b.mean_shift == Fraction(-5, 3)


def test_largest_remainder_rounding_by_hand():
    # 33.4, 33.3, 33.3 of 100: floors 33+33+33, the one left goes to the largest remainder.
    amounts = [Fraction(334, 10), Fraction(333, 10), Fraction(333, 10)]
    assert largest_remainder_round(amounts, 1, 100) == [34, 33, 33]
    assert largest_remainder_round([Fraction(125), Fraction(875)], 10, 1000) == [130, 870]
    with pytest.raises(ValueError):
        largest_remainder_round([Fraction(1), Fraction(1)], 1, 5)


@given(
    st.lists(st.fractions(min_value=0, max_value=1000), min_size=1, max_size=12), st.integers(1, 5)
)
def test_largest_remainder_rounding_adds_up(parts, unit):
    total = sum(parts)
    scale = Fraction(unit * 1000) / total if total else Fraction(1)
    amounts = [p * scale for p in parts]
    target = sum(amounts)
    if target.denominator != 1 or target % unit:
        return
    rounded = largest_remainder_round(amounts, unit, int(target))
    assert sum(rounded) == target
    assert all(r % unit == 0 and abs(r - a) < unit for r, a in zip(rounded, amounts, strict=True))
