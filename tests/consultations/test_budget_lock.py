"""Once a budget has answers, edits that change what the answers mean are refused."""

import json
import uuid

import pytest
from django.core.exceptions import ValidationError

from consultations.questions import AnswerValue
from consultations.services import response_submit
from tests.consultations.factories import (
    BUDGET_BLOCK_ID,
    care_budget_value,
    make_budget_consultation,
    precept_revenue,
)

pytestmark = pytest.mark.django_db


def _answered(home_page, **budget):
    page = make_budget_consultation(home_page, budget=care_budget_value(**budget))
    rows = [
        AnswerValue("200", 200.0, "prevention"),
        AnswerValue("500", 500.0, "adult-social-care"),
        AnswerValue("300", 300.0, "hospital"),
    ]
    if budget.get("revenue"):
        rows.append(AnswerValue("0.0", 0.0, "_revenue"))
    response_submit(
        page=page, user=None, answers={BUDGET_BLOCK_ID: rows}, submission_key=uuid.uuid4()
    )
    return page


def _edit(page, **budget):
    value = care_budget_value(**budget)
    page.questions = json.dumps([{"type": "budget", "value": value, "id": BUDGET_BLOCK_ID}])
    with pytest.raises(ValidationError) as caught:
        page.clean()
    return " ".join(caught.value.message_dict["questions"])


def _lines(**changes):
    lines = care_budget_value()["lines"]
    for index, fields in changes.items():
        lines[int(index.removeprefix("n"))].update(fields)
    return lines


def test_deleting_or_renaming_a_line_is_refused(home_page):
    page = _answered(home_page)
    lines = care_budget_value()["lines"]
    assert "line “Hospital care” cannot be deleted" in _edit(
        page, lines=lines[:2], total="70.0", knock_ons=[]
    )
    assert "cannot be deleted or have its reference changed" in _edit(
        page, lines=_lines(n2={"reference": "acute"}), knock_ons=[]
    )


def test_changing_a_lines_bounds_or_step_is_refused(home_page):
    page = _answered(home_page)
    assert "the minimum of its line “Prevention”" in _edit(page, lines=_lines(n0={"minimum": "0"}))
    assert "the step of its line “Hospital care”" in _edit(page, lines=_lines(n2={"step": "1"}))


def test_changing_the_envelope_rule_or_revenue_range_is_refused(home_page):
    page = _answered(home_page, revenue=precept_revenue())
    assert "its total cannot change" in _edit(page, total="90.0", revenue=precept_revenue())
    assert "its rule cannot change" in _edit(page, rule="underspend", revenue=precept_revenue())
    assert "its revenue range cannot change" in _edit(page, revenue=precept_revenue(maximum="3"))


def test_wording_edits_stay_allowed(home_page):
    page = _answered(home_page)
    lines = _lines(n0={"name": "Prevention and public health", "description": "Smoking, falls"})
    page.questions = json.dumps(
        [
            {
                "type": "budget",
                "value": care_budget_value(lines=lines, label="Share out £100m"),
                "id": BUDGET_BLOCK_ID,
            }
        ]
    )
    page.clean()


def test_before_any_answer_everything_may_change(home_page):
    page = make_budget_consultation(home_page)
    page.questions = json.dumps(
        [{"type": "budget", "value": care_budget_value(total="90.0"), "id": BUDGET_BLOCK_ID}]
    )
    page.clean()
