"""The demo's synthetic budgets: valid under the exercise's rules, and the commission's pattern."""

import random
from statistics import mean

import pytest

from common import demographics
from common.budget import allocation_validate
from consultations.budget import exercise_from_dict
from consultations.budget_build import budget_build
from consultations.budget_demo import demo_data
from consultations.budget_demo_residents import resident_budget, resident_demographics

PAGE = demo_data()
RESIDENTS = demo_data("care_budget_residents")


@pytest.fixture(scope="module")
def exercise():
    data, errors = budget_build(PAGE["budget"])
    assert not errors, errors
    return exercise_from_dict(data)


def _budgets(exercise, round, n=300, seed=3, **kwargs):
    rng = random.Random(seed)
    return [resident_budget(rng, exercise, RESIDENTS["rounds"][round], RESIDENTS, **kwargs)
            for _ in range(n)]  # fmt: skip


def test_demo_exercise_has_the_issue_s_parts(exercise):
    assert 9 <= len(exercise.lines) <= 10
    assert any(line.statutory and "Care Act" in line.statutory_reason for line in exercise.lines)
    assert all(line.consequences for line in exercise.lines)
    sources = {(k.source, k.target) for k in exercise.knock_ons}
    for source in ("prevention", "community"):
        assert {(source, "adult-social-care"), (source, "hospital")} & sources
    assert exercise.revenue is not None and len(exercise.revenue.household_cost_per_step) == 8
    assert "illustrative" in PAGE["intro"] and len(PAGE["rounds"]) == 2


@pytest.mark.parametrize("round", ["before", "after"])
def test_every_synthetic_budget_passes_the_resident_s_checks(exercise, round):
    for budget in _budgets(exercise, round, n=400, carer=round == "after"):
        allocation, errors = allocation_validate(exercise, budget.form_values(exercise))
        assert not errors
        assert allocation.total == exercise.envelope(budget.revenue_change)
        assert budget.band == "" or budget.band in exercise.revenue.household_cost_per_step


def test_second_round_starts_from_the_resident_s_first_budget_and_stays_valid(exercise):
    rng = random.Random(5)
    pattern = RESIDENTS["rounds"]
    for _ in range(100):
        first = resident_budget(rng, exercise, pattern["before"], RESIDENTS)
        second = resident_budget(
            rng, exercise, pattern["after"], RESIDENTS, deliberated=True, start=first.amounts
        )
        _, errors = allocation_validate(exercise, second.form_values(exercise))
        assert not errors


def test_same_seed_gives_the_same_budgets(exercise):
    assert _budgets(exercise, "before", n=20) == _budgets(exercise, "before", n=20)
    assert _budgets(exercise, "before", n=20) != _budgets(exercise, "before", n=20, seed=4)


def test_residents_move_money_from_hospitals_to_prevention_more_after_deliberating(exercise):
    today = exercise.current_allocation
    before, after = _budgets(exercise, "before"), _budgets(exercise, "after")

    def shift(budgets, ref):
        return mean(b.amounts[ref] for b in budgets) - today[ref]

    for ref in ("prevention", "community", "carers", "adult-social-care"):
        assert 0 < shift(before, ref) < shift(after, ref), ref
    assert shift(after, "hospital") < shift(before, "hospital") < 0
    # Contrarians: some residents raise hospital care, so the line has both sides.
    assert any(b.amounts["hospital"] > today["hospital"] for b in before)


def test_why_texts_are_varied_and_speak_to_the_choices(exercise):
    budgets = _budgets(exercise, "after", deliberated=True)
    whys = [b.why for b in budgets if b.why]
    assert 0.7 < len(whys) / len(budgets) < 1 and len(set(whys)) > 50
    assert any("assembly" in w for w in whys) and any("prevention" in w.lower() for w in whys)
    lines = [ref for b in budgets for ref in b.line_why]
    assert {"prevention", "hospital"} <= set(lines)


def test_demographic_answers_are_the_shared_categories_labels():
    rng = random.Random(1)
    keys = PAGE["demographics"]
    seen = [resident_demographics(rng, keys) for _ in range(200)]
    for key in keys:
        allowed = {*demographics.category(key).labels, "Prefer not to say"}
        assert {person[key] for person in seen} <= allowed
        assert len({person[key] for person in seen}) > 1
