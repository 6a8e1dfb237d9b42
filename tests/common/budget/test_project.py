"""Knock-on projections, revenue yields and consequence texts, worked by hand."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from common.budget import consequence_for, household_cost, projection_compute, revenue_yield
from tests.common.budget.factories import care_exercise, precept


def test_a_cut_to_prevention_adds_demand_in_years_two_and_three():
    # Prevention 20 -> 10: a £10m cut; 0.6 of it lands on adult social care in
    # year 2 (£6m) and 0.4 on hospital care in year 3 (£4m).
    exercise = care_exercise()
    projection = projection_compute(
        exercise, {"prevention": 10, "adult-social-care": 55, "hospital": 35}
    )
    assert projection.pressures[1] == {}
    assert projection.pressures[2] == {"adult-social-care": 6}
    assert projection.pressures[3] == {"hospital": 4}
    assert projection.total(2) == 6


def test_investing_in_prevention_avoids_demand_linearly():
    exercise = care_exercise()
    projection = projection_compute(
        exercise, {"prevention": 25, "adult-social-care": 50, "hospital": 25}
    )
    assert projection.pressures[2] == {"adult-social-care": -3}
    assert projection.pressures[3] == {"hospital": -2}


def test_effects_on_one_target_in_one_year_add_up():
    from common.budget import KnockOn

    exercise = care_exercise(
        knock_ons=(
            KnockOn("prevention", "hospital", Fraction(1, 3), 1),
            KnockOn("adult-social-care", "hospital", Fraction(1, 2), 1),
        )
    )
    projection = projection_compute(
        exercise, {"prevention": 17, "adult-social-care": 46, "hospital": 37}
    )
    assert projection.pressures[1] == {"hospital": Fraction(1) + Fraction(2)}


def test_the_precept_yield_and_household_cost_per_band():
    exercise = care_exercise(revenue=precept())
    assert revenue_yield(exercise, Decimal("2.5")) == 5
    assert revenue_yield(exercise, Decimal("-1")) == -2
    assert household_cost(exercise, Decimal("2.5"), "D") == Decimal("30.75")
    assert household_cost(exercise, Decimal("-0.5"), "A") == Decimal("-4.10")
    assert revenue_yield(care_exercise(), Decimal("1")) == 0


def test_consequence_text_follows_the_line_value():
    line = care_exercise().line("adult-social-care")
    assert consequence_for(line, 44) == "Waiting lists for care assessments grow."
    assert consequence_for(line, 45) == "Care assessments within four weeks."
    assert consequence_for(care_exercise().line("hospital"), 30) is None
