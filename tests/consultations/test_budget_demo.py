"""The demo care budget page: loads once, with paired rounds, valid budgets and results."""

from decimal import Decimal

import pytest

from consultations.budget import budget_exercise
from consultations.budget_demo import SLUG, demo_care_budget
from consultations.models import Answer, ConsultationPage, Response, ResponseStatus, ResultsSnapshot
from tests.consultations.factories import consultation_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(home_page, user):
    return demo_care_budget(consultation_index(home_page), resident=user, scale=0.1)


def test_demo_budget_page_is_open_with_rounds_and_loads_once(page, home_page, user):
    assert page.slug == SLUG and page.title == "Create a care budget for Essex"
    assert page.live and page.is_open
    assert [ref for ref, _ in page.round_choices] == ["before", "after"]
    assert page.current_round == "after"
    counts = (Response.objects.count(), Answer.objects.count())
    again = demo_care_budget(consultation_index(home_page), resident=user, scale=0.1)
    assert again.pk == page.pk and (Response.objects.count(), Answer.objects.count()) == counts
    assert ConsultationPage.objects.filter(slug=SLUG).count() == 1


def test_every_demo_budget_is_stored_whole_and_balances(page):
    spec = next(s for s in page.specs() if s.kind == "budget")
    exercise = budget_exercise(spec)
    responses = Response.objects.filter(page=page, status=ResponseStatus.SUBMITTED)
    assert responses.count() == 6 * 2 + 1 + 22 + 4
    for response in responses:
        rows = {a.row: a.value for a in response.answers.filter(question_id=spec.id)}
        amounts = {ref: int(rows[ref]) for ref in exercise.references}
        low, high = exercise.rule.bounds(exercise.envelope(Decimal(rows["_revenue"])))
        assert low <= sum(amounts.values()) <= high


def test_panel_answers_both_rounds_and_the_demo_resident_only_the_first(page, user):
    paired = Response.objects.filter(page=page, user__username__startswith="care-budget-panel-")
    by_user = {}
    for response in paired:
        by_user.setdefault(response.user_id, set()).add(response.round)
    assert len(by_user) == 6 and all(rounds == {"before", "after"} for rounds in by_user.values())
    assert set(Response.objects.filter(page=page, user=user).values_list("round", flat=True)) == {
        "before"
    }
    assert set(Response.objects.filter(page=page, user=None).values_list("round", flat=True)) == {
        "before",
        "after",
    }


def test_demo_why_texts_are_stored_as_text_answers_and_results_are_ready(page):
    why = next(s for s in page.specs() if s.reference == "care-budget-why")
    texts = Answer.objects.filter(question_id=why.id).values_list("value", flat=True)
    assert len(texts) > 20 and all(t.endswith(".") for t in texts)
    assert ResultsSnapshot.objects.filter(page=page).exists()
