"""Every rule and every hostile input gets a clear message next to its field."""

from __future__ import annotations

from fractions import Fraction

import pytest

from common.budget import NON_FIELD, allocation_validate, amount_parse
from common.budget.validate import (
    ERROR_ENVELOPE,
    ERROR_NEGATIVE,
    ERROR_NOT_NUMBER,
    ERROR_REVENUE,
    ERROR_TOO_LARGE,
    ERROR_UNKNOWN,
)
from tests.common.budget.factories import care_exercise, precept, rule

TODAY = {"prevention": "20", "adult-social-care": "50", "hospital": "30"}


def submit(exercise=None, **changes):
    return allocation_validate(exercise or care_exercise(), {**TODAY, **changes})


def test_a_balanced_budget_is_accepted_with_exact_integer_amounts():
    allocation, errors = submit(prevention="25", hospital="25")
    assert errors == {}
    assert dict(allocation.amounts) == {"prevention": 25, "adult-social-care": 50, "hospital": 25}
    assert allocation.total == 100


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-5", ERROR_NEGATIVE),
        ("−5", ERROR_NEGATIVE),
        ("abc", ERROR_NOT_NUMBER),
        ("NaN", ERROR_NOT_NUMBER),
        ("nan", ERROR_NOT_NUMBER),
        ("inf", ERROR_NOT_NUMBER),
        ("Infinity", ERROR_NOT_NUMBER),
        ("1e3", ERROR_NOT_NUMBER),
        ("0x10", ERROR_NOT_NUMBER),
        ("1,2", ERROR_NOT_NUMBER),
        ("9" * 40, ERROR_TOO_LARGE),
        ("20.5", "Use whole numbers only."),
        ("", "Enter an amount."),
    ],
)
def test_hostile_amounts_get_a_clear_message_on_their_line(typed, message):
    allocation, errors = submit(hospital=typed)
    assert allocation is None
    assert errors["hospital"] == message


def test_fractional_pennies_are_refused_but_whole_pennies_and_trailing_zeros_pass():
    assert amount_parse("12.345", 2) == (None, "Use at most 2 decimal places.")
    assert amount_parse("12.3", 2) == (1230, None)
    assert amount_parse("12.50", 1) == (125, None)
    assert amount_parse(" £1,250 ", 0) == (1250, None)


def test_a_missing_line_is_an_error_on_that_line():
    raw = dict(TODAY)
    del raw["hospital"]
    allocation, errors = allocation_validate(care_exercise(), raw)
    assert allocation is None
    assert errors == {"hospital": "Enter an amount."}


def test_an_extra_or_foreign_line_is_refused():
    allocation, errors = submit(**{"libraries": "0"})
    assert allocation is None
    assert errors == {"libraries": ERROR_UNKNOWN}


def test_a_tampered_envelope_is_refused_and_the_true_one_accepted():
    assert submit(envelope="1000")[1] == {"envelope": ERROR_ENVELOPE}
    assert submit(envelope="abc")[1] == {"envelope": ERROR_ENVELOPE}
    assert submit(envelope="100")[1] == {}


def test_bounds_give_the_limit_in_the_exercise_unit():
    _, errors = submit(hospital="60", prevention="-0")
    assert errors["hospital"] == "Hospital care can be at most £50m."
    _, errors = submit(hospital="5", prevention="45")
    assert errors["hospital"] == "Hospital care must be at least £10m."


def test_the_statutory_floor_says_why():
    _, errors = submit(**{"adult-social-care": "35", "hospital": "45"})
    assert errors["adult-social-care"] == (
        "Adult social care cannot go below £40m: the Care Act 2014 duty to meet eligible needs"
    )


def test_steps_count_from_the_minimum():
    _, errors = submit(prevention="22", hospital="28")
    assert errors["prevention"] == "Prevention moves in steps of £5m from £5m."


def test_exact_balance_says_how_far_over_or_under():
    _, errors = submit(hospital="35")
    assert errors == {
        NON_FIELD: "Your budget adds up to £105m but must be exactly £100m: you are £5m over."
    }
    _, errors = submit(hospital="20")
    assert "£10m under" in errors[NON_FIELD]


def test_tolerance_accepts_inside_the_band_only():
    exercise = care_exercise(rule=rule("tolerance", tolerance=3))
    assert submit(exercise, hospital="33")[1] == {}
    assert submit(exercise, hospital="27")[1] == {}
    _, errors = submit(exercise, hospital="34")
    assert errors == {NON_FIELD: "Your budget adds up to £104m; it must be within £3m of £100m."}


def test_underspend_allows_less_but_never_more():
    exercise = care_exercise(rule=rule("underspend"))
    assert submit(exercise, hospital="10")[1] == {}
    _, errors = submit(exercise, hospital="31")
    assert errors == {NON_FIELD: "Your budget adds up to £101m, more than the £100m available."}


def test_minimum_share_rounds_up_and_caps_at_the_envelope():
    exercise = care_exercise(rule=rule("min_share", min_share=Fraction(9, 10)))
    assert submit(exercise, hospital="20")[1] == {}
    _, errors = submit(exercise, hospital="19")
    assert errors == {
        NON_FIELD: "Your budget adds up to £89m; allocate at least £90m of the £100m."
    }
    assert NON_FIELD in submit(exercise, hospital="31")[1]
    odd = care_exercise(total=101, rule=rule("min_share", min_share=Fraction(1, 2)))
    assert odd.rule.bounds(101) == (51, 101)


def test_the_revenue_side_feeds_the_envelope():
    exercise = care_exercise(revenue=precept())
    allocation, errors = submit(exercise, revenue="2.5", hospital="35")
    assert errors == {}
    assert allocation.revenue_change == 2.5
    assert exercise.envelope(allocation.revenue_change) == 105
    assert submit(exercise, revenue="-1", hospital="28")[1] == {}
    assert submit(exercise, hospital="30")[1] == {}  # no choice means no change


@pytest.mark.parametrize("choice", ["0.3", "6", "-5.5", "NaN", "inf", "lots"])
def test_revenue_choices_off_the_offered_steps_are_refused(choice):
    _, errors = submit(care_exercise(revenue=precept()), revenue=choice)
    assert errors == {"revenue": ERROR_REVENUE}


def test_a_revenue_choice_where_none_is_offered_is_refused():
    assert submit(revenue="1")[1] == {"revenue": ERROR_UNKNOWN}


def test_per_head_envelope_is_amount_times_population():
    exercise = care_exercise(total=None, per_head=2, population=50)
    assert exercise.envelope() == 100
    assert submit(exercise)[1] == {}


def test_every_error_is_reported_at_once():
    _, errors = allocation_validate(
        care_exercise(), {"prevention": "-1", "adult-social-care": "x", "hospital": "99"}
    )
    assert set(errors) == {"prevention", "adult-social-care", "hospital"}
