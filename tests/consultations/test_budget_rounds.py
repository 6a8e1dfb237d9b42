"""Rounds: the same exercise answered before and after deliberation, paired by person."""

import json
import uuid

import pytest
from django.core.exceptions import ValidationError

from consultations.models import Response, ResponseStatus
from consultations.questions import AnswerValue
from consultations.services import SubmissionRejected, draft_get, draft_save, response_submit
from tests.consultations.factories import BUDGET_BLOCK_ID, make_budget_consultation

pytestmark = pytest.mark.django_db

ROUNDS = json.dumps(
    [
        {"type": "round", "value": {"reference": "before", "label": "Before the assembly"}},
        {"type": "round", "value": {"reference": "after", "label": "After deliberation"}},
    ]
)
BUDGET = [
    AnswerValue("200", 200.0, "prevention"),
    AnswerValue("500", 500.0, "adult-social-care"),
    AnswerValue("300", 300.0, "hospital"),
]


@pytest.fixture
def page(home_page):
    return make_budget_consultation(home_page, rounds=ROUNDS, current_round="before")


def _submit(page, user, **kw):
    return response_submit(
        page=page,
        user=user,
        answers={BUDGET_BLOCK_ID: BUDGET},
        submission_key=uuid.uuid4(),
        **kw,
    )


def test_a_response_goes_to_the_current_round(page, user):
    assert _submit(page, user).round == "before"
    assert page.round_choices == [
        ("before", "Before the assembly"),
        ("after", "After deliberation"),
    ]


def test_one_submission_per_person_per_round_and_the_two_rounds_pair(page, user):
    first = _submit(page, user)
    with pytest.raises(SubmissionRejected, match="already sent your answers for this round"):
        _submit(page, user)
    page.current_round = "after"
    page.save()
    second = _submit(page, user)
    pair = Response.objects.filter(page=page, user=user, status=ResponseStatus.SUBMITTED)
    assert {(r.round, r.pk) for r in pair} == {("before", first.pk), ("after", second.pk)}


def test_each_round_keeps_its_own_draft(page, user):
    draft_save(page=page, user=user, answers={BUDGET_BLOCK_ID: BUDGET}, step=0)
    page.current_round = "after"
    assert draft_get(page=page, user=user) is None
    draft_save(page=page, user=user, answers={}, step=0)
    assert Response.objects.filter(page=page, user=user, status="draft").count() == 2


def test_staff_entry_chooses_the_round_and_an_unknown_round_is_refused(page, user):
    entered = _submit(page, None, channel="paper", round="after")
    assert entered.round == "after"
    with pytest.raises(SubmissionRejected, match="no round “later”"):
        _submit(page, None, channel="paper", round="later")


def test_pages_without_rounds_store_no_round(home_page, user):
    page = make_budget_consultation(home_page)
    assert _submit(page, user).round == ""
    assert _submit(page, user).round == ""  # no rounds: no one-per-round limit


def test_the_current_round_must_be_one_of_the_rounds(page):
    page.current_round = "later"
    with pytest.raises(ValidationError) as caught:
        page.clean()
    assert "current_round" in caught.value.message_dict
