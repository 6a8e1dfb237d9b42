"""The budget question: its block, its specs, its exercise, and its answers as stored rows."""

from decimal import Decimal
from fractions import Fraction

import pytest
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from common.budget import NON_FIELD, Exercise
from consultations.blocks import BudgetBlock
from consultations.budget import budget_exercise, budget_spec_dict, exercise_from_dict
from consultations.questions import AnswerValue, QuestionSpec, clean_answer
from consultations.questions.budget_answers import budget_check, budget_stored
from consultations.schema import schema_of, spec_from_dict, spec_to_dict
from tests.consultations.factories import (
    BUDGET_BLOCK_ID,
    budget_line,
    care_budget_value,
    make_budget_consultation,
    precept_revenue,
)

pytestmark = pytest.mark.django_db
NAME = f"q-{BUDGET_BLOCK_ID}"


def _block_value(**overrides):
    block = BudgetBlock()
    return block, block.to_python(care_budget_value(**overrides))


def _specs(**overrides):
    block, value = _block_value(**overrides)
    return block.spec(block.clean(value), BUDGET_BLOCK_ID, 0)


def _budget_spec(**overrides) -> QuestionSpec:
    return _specs(**overrides)[0]


def _post(**amounts):
    """A form posting each line's amount, the page's envelope, and anything extra."""
    raw = {f"{NAME}-line-{ref.replace('_', '-')}": v for ref, v in amounts.items()}
    raw.setdefault(f"{NAME}-envelope", "100.0")
    return raw


BALANCED = {"prevention": "20.0", "adult_social_care": "50.0", "hospital": "30.0"}


def test_the_block_gives_the_budget_spec_then_its_why_questions(home_page):
    page = make_budget_consultation(home_page)
    budget, why = page.specs()
    assert (budget.kind, budget.id, budget.reference) == ("budget", BUDGET_BLOCK_ID, "care-budget")
    assert [line["reference"] for line in budget.budget["lines"]] == [
        "prevention",
        "adult-social-care",
        "hospital",
    ]
    assert budget.budget["total"] == 1000 and budget.budget["decimals"] == 1
    assert (why.kind, why.id, why.reference, why.within) == (
        "long_text",
        f"{BUDGET_BLOCK_ID}-why",
        "care-budget-why",
        BUDGET_BLOCK_ID,
    )


def test_asking_why_per_line_adds_one_text_question_per_line_inside_the_budget():
    specs = _specs(ask_why_per_line=True, ask_why=False)
    assert [s.id for s in specs[1:]] == [
        f"{BUDGET_BLOCK_ID}-why-prevention",
        f"{BUDGET_BLOCK_ID}-why-adult-social-care",
        f"{BUDGET_BLOCK_ID}-why-hospital",
    ]
    assert {s.within for s in specs[1:]} == {BUDGET_BLOCK_ID}
    assert specs[2].reference == "care-budget-why-adult-social-care"


def test_the_exercise_is_in_smallest_units_and_exact():
    exercise = budget_exercise(_budget_spec(revenue=precept_revenue()))
    prevention = exercise.line("prevention")
    assert (prevention.current, prevention.minimum, prevention.maximum, prevention.step) == (
        200,
        50,
        400,
        5,
    )
    assert exercise.line("adult-social-care").statutory
    assert exercise.line("adult-social-care").consequences[0].upper == 450
    assert exercise.knock_ons[0].coefficient == Fraction(3, 5)
    assert exercise.revenue.step == Decimal("0.5") and exercise.revenue.yield_per_step == 10
    assert exercise.revenue.household_cost_per_step["D"] == Decimal("6.15")
    assert exercise.base_envelope == 1000


def test_the_exercise_is_built_once_per_distinct_budget():
    spec = _budget_spec()
    again = spec_from_dict(spec_to_dict(spec))
    assert budget_exercise(spec) is budget_exercise(again)
    assert budget_exercise(spec) is not budget_exercise(_budget_spec(total="90"))


def test_the_spec_dict_and_the_exercise_round_trip():
    spec = _budget_spec(revenue=precept_revenue(), rule="min_share", min_share="90")
    assert spec_from_dict(spec_to_dict(spec)) == spec
    exercise = budget_exercise(spec)
    assert exercise_from_dict(budget_spec_dict(exercise)) == exercise
    assert exercise.rule.min_share == Fraction(9, 10)


def test_specs_of_other_questions_keep_their_saved_digest():
    plain = QuestionSpec(id="q1", kind="short_text", label="Town")
    data = spec_to_dict(plain)
    assert "budget" not in data and "within" not in data
    assert schema_of([plain])[1] == schema_of([spec_from_dict(data)])[1]


def _errors(**overrides):
    block, value = _block_value(**overrides)
    with pytest.raises(StructBlockValidationError) as caught:
        block.clean(value)
    return caught.value


def _line_errors(error, index):
    lines = error.block_errors["lines"]
    assert isinstance(lines, ListBlockValidationError)
    return {k: v.messages[0] for k, v in lines.block_errors[index].block_errors.items()}


def test_the_cms_refuses_bad_and_duplicate_references():
    lines = care_budget_value()["lines"]
    lines[0]["reference"] = "Prevention!"
    lines[2]["reference"] = "adult-social-care"
    error = _errors(lines=lines)
    assert "lower-case" in _line_errors(error, 0)["reference"]
    assert _line_errors(error, 2)["reference"] == "Another line has this reference"


def test_the_cms_refuses_bounds_steps_and_floors_that_make_no_sense():
    lines = [
        budget_line("a", "A", "5", "10", "2"),
        budget_line("b", "B", "5.55", "0", "10"),
        budget_line("c", "C", "5", "0", "10", "0"),
        budget_line("d", "D", "5", "1", "10", statutory=True),
        budget_line("e", "E", "50", "0", "10"),
    ]
    error = _errors(lines=lines, knock_ons=[])
    assert _line_errors(error, 0)["maximum"] == "The maximum must be at least the minimum"
    assert _line_errors(error, 1)["current"] == "Use at most 1 decimal places"
    assert _line_errors(error, 2)["step"] == "The step must be more than 0"
    assert "Say why" in _line_errors(error, 3)["statutory_reason"]
    assert "between the minimum and the maximum" in _line_errors(error, 4)["current"]


def test_the_cms_refuses_knock_ons_naming_unknown_lines():
    effects = [{"source": "prevention", "target": "libraries", "coefficient": "0.5", "year": "2"}]
    error = _errors(knock_ons=effects)
    knock = error.block_errors["knock_ons"].block_errors[0].block_errors
    assert knock["target"].messages == ["No line has this reference"]


def test_the_cms_refuses_a_budget_no_one_could_balance():
    error = _errors(total="500")
    assert "maximums add up to £160.0m" in error.non_block_errors.as_data()[0].messages[0]


def test_the_cms_refuses_a_revenue_range_that_is_not_whole_steps():
    error = _errors(revenue=precept_revenue(minimum="-4.2"))
    assert "whole steps" in error.block_errors["revenue"].block_errors["maximum"].messages[0]


def test_a_balanced_budget_is_stored_as_one_exact_row_per_line():
    spec = _budget_spec()
    values, error = clean_answer(spec, _post(**BALANCED))
    assert error is None
    assert values == [
        AnswerValue("200", 200.0, "prevention"),
        AnswerValue("500", 500.0, "adult-social-care"),
        AnswerValue("300", 300.0, "hospital"),
    ]


def test_the_revenue_change_and_band_are_stored_after_the_lines():
    spec = _budget_spec(revenue=precept_revenue())
    raw = _post(prevention="21.0", adult_social_care="50.0", hospital="30.0")
    # Half a per cent is one step, raising £1.0m: the envelope is now £101.0m.
    raw |= {f"{NAME}-revenue": "+0.50", f"{NAME}-band": "D"}
    values, error = clean_answer(spec, raw)
    assert error is None
    assert values[3:] == [AnswerValue("0.5", 0.5, "_revenue"), AnswerValue("D", None, "_band")]
    assert budget_stored(spec, values) == (
        {"prevention": 210, "adult-social-care": 500, "hospital": 300},
        Decimal("0.5"),
        "D",
    )


def test_an_unbalanced_budget_says_by_how_much_and_is_not_stored():
    spec = _budget_spec()
    values, error = clean_answer(spec, _post(**{**BALANCED, "hospital": "31.0"}))
    assert values == []
    assert "you are £1.0m over" in error
    _allocation, _band, errors = budget_check(spec, _post(**{**BALANCED, "hospital": "31.0"}))
    assert set(errors) == {NON_FIELD}


def test_an_empty_budget_is_no_answer_and_a_required_one_asks_for_it():
    spec = _budget_spec()
    assert clean_answer(spec, {}) == ([], "Answer this question")
    assert clean_answer(_budget_spec(required=False), {}) == ([], None)


def test_the_budget_exercise_is_a_plain_exercise():
    assert isinstance(budget_exercise(_budget_spec()), Exercise)
