"""'Balance the rest for me' is exact and minimal, checked against brute force."""

from __future__ import annotations

import itertools
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from common.budget import Exercise, Line, balance_rest
from tests.common.budget.factories import care_exercise, precept, rule


def test_greedy_misses_what_the_integer_programme_finds():
    exercise = Exercise(lines=(Line("a", "A", 5, 0, 20, 3), Line("b", "B", 5, 0, 20, 5)), total=13)
    result = balance_rest(exercise, {"a": 5, "b": 5}, kept=())
    assert result.amounts == {"a": 3, "b": 10}
    assert result.change == 7
    assert result.moved == ("a", "b")


def test_kept_lines_never_move():
    exercise = care_exercise()
    result = balance_rest(
        exercise, {"prevention": 35, "adult-social-care": 50, "hospital": 30}, kept={"prevention"}
    )
    assert result.amounts == {"prevention": 35, "adult-social-care": 50, "hospital": 15}
    assert result.moved == ("hospital",)


def test_a_budget_already_within_the_rule_is_returned_unchanged():
    exercise = care_exercise()
    result = balance_rest(exercise, exercise.current_allocation, kept=())
    assert result.amounts == exercise.current_allocation
    assert result.change == 0


def test_when_the_kept_lines_leave_too_little_it_says_by_how_much():
    exercise = care_exercise()
    result = balance_rest(
        exercise,
        {"prevention": 40, "adult-social-care": 55, "hospital": 30},
        kept={"prevention", "adult-social-care"},
    )
    assert not result.ok
    assert result.message == (
        "The kept lines total £95m, which leaves £5m for the others, but they need at least "
        "£10m: lower Prevention, Adult social care by £5m in all."
    )


def test_when_the_others_cannot_reach_the_total_it_says_so():
    exercise = care_exercise()
    result = balance_rest(
        exercise,
        {"prevention": 5, "adult-social-care": 40, "hospital": 10},
        kept={"prevention", "hospital"},
    )
    assert not result.ok
    assert result.message == (
        "Even with every other line at its most, the budget is £15m short: "
        "raise Prevention, Hospital care by £15m in all."
    )


def test_steps_that_cannot_make_the_total_ask_for_a_kept_line_to_change():
    exercise = Exercise(lines=(Line("a", "A", 4, 0, 20, 2), Line("b", "B", 4, 0, 20, 2)), total=9)
    result = balance_rest(exercise, {"a": 4, "b": 4}, kept=())
    assert not result.ok
    assert "steps cannot make the total" in result.message


def test_every_line_kept_asks_for_a_change():
    exercise = care_exercise()
    result = balance_rest(
        exercise,
        {"prevention": 5, "adult-social-care": 50, "hospital": 30},
        kept=exercise.references,
    )
    assert not result.ok
    assert result.message == "Every line is kept: change one to balance the budget."


def test_the_revenue_choice_moves_the_target():
    exercise = care_exercise(revenue=precept())
    result = balance_rest(
        exercise, exercise.current_allocation, kept={"prevention"}, revenue_change=Decimal("2")
    )
    assert sum(result.amounts.values()) == 104


def test_underspend_only_trims_what_is_over():
    exercise = care_exercise(rule=rule("underspend"))
    result = balance_rest(
        exercise, {"prevention": 40, "adult-social-care": 50, "hospital": 30}, kept={"prevention"}
    )
    assert result.amounts["prevention"] == 40
    assert sum(result.amounts.values()) == 100  # trimmed to the envelope, not below it
    assert result.change == 20


# Brute force over every grid point of the untouched lines.

RULES = st.one_of(
    st.just(rule("exact")),
    st.integers(0, 4).map(lambda t: rule("tolerance", tolerance=t)),
    st.just(rule("underspend")),
    st.sampled_from(["1/2", "3/4", "1"]).map(lambda s: rule("min_share", min_share=Fraction(s))),
)


@st.composite
def cases(draw):
    lines = []
    for i in range(draw(st.integers(1, 4))):
        minimum = draw(st.integers(0, 6))
        step = draw(st.integers(1, 4))
        maximum = minimum + step * draw(st.integers(0, 5)) + draw(st.integers(0, step - 1))
        lines.append(Line(f"l{i}", f"Line {i}", minimum, minimum, maximum, step))
    exercise = Exercise(lines=tuple(lines), total=draw(st.integers(0, 60)), rule=draw(RULES))
    values = {line.reference: draw(st.integers(0, 30)) for line in lines}
    kept = draw(st.sets(st.sampled_from([line.reference for line in lines])))
    return exercise, values, kept


def brute_force(exercise, values, kept):
    low, high = exercise.rule.bounds(exercise.envelope())
    if low <= sum(values.values()) <= high:
        return 0
    free = [line for line in exercise.lines if line.reference not in kept]
    if not free:
        return None
    fixed = sum(values[r] for r in kept)
    best = None
    grids = [range(line.minimum, line.maximum + 1, line.step) for line in free]
    for choice in itertools.product(*grids):
        if low <= fixed + sum(choice) <= high:
            cost = sum(
                abs(x - values[line.reference]) for x, line in zip(choice, free, strict=True)
            )
            best = cost if best is None else min(best, cost)
    return best


@settings(max_examples=300, deadline=None)
@given(cases())
def test_balance_satisfies_the_rule_exactly_and_minimally_whenever_brute_force_can(case):
    exercise, values, kept = case
    best = brute_force(exercise, values, kept)
    result = balance_rest(exercise, values, kept)
    if best is None:
        assert not result.ok
        assert result.message
        return
    assert result.ok, result.message
    low, high = exercise.rule.bounds(exercise.envelope())
    assert low <= sum(result.amounts.values()) <= high
    assert result.change == best
    assert result.change == sum(abs(result.amounts[r] - values[r]) for r in values)
    for line in exercise.lines:
        moved = result.amounts[line.reference]
        if line.reference in kept or best == 0:
            assert moved == values[line.reference]
        else:
            assert line.minimum <= moved <= line.maximum and line.on_grid(moved)
