"""The moving-phantom median: cases worked by hand, its properties, and a reference."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from common.budget import moving_phantom_median


def test_two_opposed_voters_worked_by_hand():
    # Amounts of 10: (6, 4, 0) and (0, 4, 6); n = 2, phantoms at 0, τ, 2τ.
    # τ = 3: line 1 has 6, 0 | 0, 3, 6 -> sorted 0 0 3 6 6, median 3;
    #        line 2 has 4, 4 | 0, 3, 6 -> 0 3 4 4 6, median 4; line 3 as line 1: 3.
    # 3 + 4 + 3 = 10, and for τ < 3 lines 1 and 3 are below 3, so τ = 3.
    assert moving_phantom_median([(6, 4, 0), (0, 4, 6)], 10) == [3, 4, 3]


def test_three_voters_each_wanting_one_line_split_evenly():
    # (12,0,0), (0,12,0), (0,0,12): each line has 12, 0, 0 | 0, τ, 2τ, 3τ;
    # sorted 0 0 0 τ 2τ 3τ 12, the 4th is τ; 3τ = 12 gives τ = 4.
    rows = [(12, 0, 0), (0, 12, 0), (0, 0, 12)]
    assert moving_phantom_median(rows, 12) == [4, 4, 4]


def test_a_compromise_voter_wins_between_two_extremes():
    # (10,0), (0,10), (5,5): line 1 has 10, 0, 5 | 0, τ, 2τ, 3τ. At τ = 2.5 the
    # sorted values are 0 0 2.5 5 5 7.5 10, 4th = 5; below 2.5 the 4th is 2τ < 5.
    assert moving_phantom_median([(10, 0), (0, 10), (5, 5)], 10) == [5, 5]


def test_the_median_can_differ_from_the_mean():
    # (8,2), (4,6): line 1 has 8, 4 | 0, τ, 2τ; line 2 has 2, 6 | 0, τ, 2τ.
    # τ = 4: 0 4 4 8 8 -> 4 and 0 2 4 6 8 -> 4: sum 8. τ = 5: 0 4 5 8 10 -> 5
    # and 0 2 5 6 10 -> 5: sum 10. The means are (6, 4).
    assert moving_phantom_median([(8, 2), (4, 6)], 10) == [5, 5]


def test_fractional_results_are_exact():
    result = moving_phantom_median([(7, 0, 3), (1, 9, 0), (4, 4, 2)], 10)
    assert all(isinstance(x, Fraction) for x in result)
    assert sum(result) == 10


def reference(rows, envelope):
    """By the definition: medians of shares and phantoms at every breakpoint τ = a/i,
    then linear interpolation between the two breakpoints that bracket the envelope."""
    n, m = len(rows), len(rows[0])

    def medians(tau):
        out = []
        for j in range(m):
            values = [Fraction(r[j]) for r in rows] + [
                min(Fraction(envelope), tau * i) for i in range(n + 1)
            ]
            out.append(sorted(values)[n])
        return out

    amounts = {r[j] for r in rows for j in range(m)} | {envelope}
    points = sorted({Fraction(a, i) for a in amounts for i in range(1, n + 1)} | {Fraction(0)})
    sums = [sum(medians(t)) for t in points]
    for k in range(len(points) - 1):
        if sums[k] <= envelope <= sums[k + 1]:
            lo, hi = points[k], points[k + 1]
            if sums[k + 1] == sums[k]:
                return medians(lo)
            tau = lo + (hi - lo) * (envelope - sums[k]) / (sums[k + 1] - sums[k])
            return medians(tau)
    return medians(points[-1])


@st.composite
def budgets(draw):
    m = draw(st.integers(1, 5))
    envelope = draw(st.integers(0, 40))
    rows = []
    for _ in range(draw(st.integers(1, 7))):
        cuts = sorted(draw(st.lists(st.integers(0, envelope), min_size=m - 1, max_size=m - 1)))
        edges = [0, *cuts, envelope]
        rows.append(tuple(edges[i + 1] - edges[i] for i in range(m)))
    return rows, envelope


@settings(max_examples=150, deadline=None)
@given(budgets())
def test_the_phantom_median_sums_to_the_envelope_and_matches_the_definition(case):
    rows, envelope = case
    result = moving_phantom_median(rows, envelope)
    assert sum(result) == envelope
    assert all(0 <= x <= envelope for x in result)
    assert result == reference(rows, envelope)


@settings(max_examples=100, deadline=None)
@given(budgets(), st.integers(1, 9))
def test_unanimous_submissions_return_themselves(case, copies):
    rows, envelope = case
    assert moving_phantom_median([rows[0]] * copies, envelope) == list(rows[0])
