"""The demo consultations: idempotent, and every synthetic response a valid submission."""

import pytest

from consultations.demo import CLOSED_SLUG, SURVEY_SLUG, demo_consultations
from consultations.models import Answer, Channel, ConsultationPage, Response, ResponseStatus
from consultations.questions import missing_required, visible_answers
from consultations.services import answers_by_question

pytestmark = pytest.mark.django_db


def _counts():
    return (
        ConsultationPage.objects.count(),
        Response.objects.count(),
        Answer.objects.count(),
    )


def test_demo_loads_idempotently(home_page):
    demo_consultations(home_page, responses=60)
    first = _counts()
    demo_consultations(home_page, responses=60)
    assert _counts() == first
    assert first[0] == 2 and first[1] == 60 + 30


def test_demo_survey_is_open_with_valid_submitted_responses_from_every_channel(home_page):
    pages = demo_consultations(home_page, responses=80)
    survey = pages[SURVEY_SLUG]
    assert survey.live and survey.is_open
    specs = survey.specs()
    kinds = {s.kind for s in specs}
    assert {"single_choice", "multiple_choice", "scale", "ranking", "matrix", "number"} <= kinds
    assert {"postcode", "consent", "demographic", "long_text"} <= kinds
    assert any(s.show_if for s in specs) and len({s.page for s in specs}) == 4
    responses = Response.objects.filter(page=survey)
    assert responses.count() == 80
    assert set(responses.values_list("status", flat=True)) == {ResponseStatus.SUBMITTED}
    assert Channel.ONLINE in set(responses.values_list("channel", flat=True))
    assert len(set(responses.values_list("channel", flat=True))) > 1
    for response in responses:
        answers = answers_by_question(response)
        assert answers == visible_answers(specs, answers)
        assert not missing_required(specs, answers)


def test_demo_free_text_is_varied_with_some_short_answers(home_page):
    survey = demo_consultations(home_page, responses=120)[SURVEY_SLUG]
    change = next(s for s in survey.specs() if s.reference == "change")
    texts = list(Answer.objects.filter(question_id=change.id).values_list("value", flat=True))
    assert len(texts) == 120 and len(set(texts)) > 80
    assert any(t.lower() in ("nothing", "n/a", "none", "no") for t in texts)
    joined = " ".join(texts).lower()
    for word in ("gp", "transport", "break", "information", "community"):
        assert word in joined


def test_demo_closed_consultation_has_published_results(home_page):
    closed = demo_consultations(home_page, responses=60)[CLOSED_SLUG]
    assert closed.results_published and closed.status == "results"
    assert Response.objects.filter(page=closed, status=ResponseStatus.SUBMITTED).count() == 30
