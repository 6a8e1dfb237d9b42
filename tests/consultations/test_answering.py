"""Answering a consultation through its pages, as a resident would."""

import re
import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts.models import Role
from common.text import text_has_controls
from consultations.models import Answer, Response, ResponseStatus
from consultations.services import SubmissionRejected, response_submit
from tests.consultations.factories import make_consultation

pytestmark = pytest.mark.django_db

PAGE_ONE = {
    "q-q-carer": "Yes",
    "q-q-help": "A regular break",
    "q-q-used": ["GP", "Other"],
    "q-q-used-other": "Carers' group",
    "q-q-scale": "2",
    "q-q-rank-0": "1",
    "q-q-rank-1": "2",
    "q-q-matrix-0": "Hard",
    "q-q-matrix-1": "Hard",
}
PAGE_TWO = {"q-q-postcode": "cm1 1aa", "q-q-age": "65 or over", "q-q-consent": "yes"}


def _answer_all(client, page, *, publish="yes", **extra):
    assert client.post(page.url + "step/0/", PAGE_ONE).status_code == 302
    assert client.post(page.url + "step/1/", PAGE_TWO).status_code == 302
    assert client.get(page.url + "check/").status_code == 200
    return client.post(page.url + "check/", {"publish": publish, **extra})


def test_resident_answers_every_question_type_and_sees_confirmation(client, consultation):
    response = _answer_all(client, consultation)
    assert response.status_code == 302
    assert "Your answers have been sent" in client.get(response["Location"]).content.decode()
    saved = Response.objects.get()
    assert saved.status == ResponseStatus.SUBMITTED and saved.publish_consent is True
    answers = set(Answer.objects.values_list("question_id", "value", "number", "row"))
    assert ("q-used", "GP", None, "") in answers
    assert ("q-used", "Carers' group", None, "other") in answers
    assert ("q-rank", "Prevention", 1.0, "") in answers
    assert ("q-matrix", "Hard", None, "get a break") in answers
    assert ("q-postcode", "CM1 1AA", None, "") in answers
    assert saved.version.schema[0]["label"] == "Do you look after someone?"


def test_invalid_page_shows_errors_next_to_fields_keeps_input_and_saves_nothing(
    client, consultation
):
    bad = {**PAGE_ONE, "q-q-carer": "", "q-q-scale": "9", "q-q-help": "kept text"}
    response = client.post(consultation.url + "step/0/", bad)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert 'id="q-q-carer-error"' in html and "Answer this question" in html
    assert 'id="q-q-scale-error"' in html
    assert "kept text</textarea>" in html
    assert 'value="GP" checked' in html
    assert not Response.objects.exists() and not Answer.objects.exists()


@pytest.mark.parametrize(
    "tampered",
    [
        {"q-q-carer": "Maybe"},
        {"q-q-carer": "Yes", "q-q-rank-0": "9"},
        {"q-q-carer": "Yes", "q-q-help": "x" * 3001},
        {"q-q-carer": "Yes", "q-q-used": ["GP", "<script>"]},
        {"q-q-carer": "Yes", "q-q-scale": "-1"},
        {"q-q-carer": "Yes", "q-q-matrix-0": "Sometimes"},
    ],
)
def test_tampered_posts_are_refused_with_a_message(client, consultation, tampered):
    response = client.post(consultation.url + "step/0/", tampered)
    assert response.status_code == 200
    assert "govuk-error-message" in response.content.decode()
    assert not Answer.objects.exists()


def test_unknown_question_ids_and_steps_are_ignored_or_404(client, consultation):
    response = client.post(consultation.url + "step/0/", {**PAGE_ONE, "q-nope": "x"})
    assert response.status_code == 302
    assert client.get(consultation.url + "step/7/").status_code == 404


def test_conditional_answer_is_dropped_when_the_earlier_answer_changes(client, consultation):
    client.post(consultation.url + "step/0/", PAGE_ONE)
    client.post(consultation.url + "step/0/", {**PAGE_ONE, "q-q-carer": "No"})
    client.post(consultation.url + "step/1/", PAGE_TWO)
    client.post(consultation.url + "check/", {"publish": "no"})
    assert not Answer.objects.filter(question_id="q-help").exists()


def test_signed_in_resident_can_save_and_finish_later(consultation, make_user):
    resident = make_user(role=Role.RESIDENT)
    first = Client()
    first.force_login(resident)
    response = first.post(consultation.url + "step/0/", {**PAGE_ONE, "save_and_return": "1"})
    assert response.status_code == 302
    assert Response.objects.get().status == ResponseStatus.DRAFT
    later = Client()  # another device, another day
    later.force_login(resident)
    html = later.get(consultation.url).content.decode()
    assert "Continue where you left off" in html
    html = later.get(consultation.url + "step/0/").content.decode()
    assert "A regular break</textarea>" in html
    later.post(consultation.url + "step/1/", PAGE_TWO)
    later.post(consultation.url + "check/", {"publish": "yes"})
    assert Response.objects.get().status == ResponseStatus.SUBMITTED


def test_double_submit_saves_once_and_says_the_form_was_already_sent(client, consultation):
    first = _answer_all(client, consultation)
    again = client.post(consultation.url + "check/", {"publish": "yes"}, follow=True)
    assert again.redirect_chain[-1][0] == first["Location"]
    html = again.content.decode()
    assert "This form was already sent" in html and "Your answers have been sent" in html
    assert Response.objects.filter(status=ResponseStatus.SUBMITTED).count() == 1


def test_check_page_carries_no_submission_key(client, consultation):
    client.post(consultation.url + "step/0/", PAGE_ONE)
    client.post(consultation.url + "step/1/", PAGE_TWO)
    html = client.get(consultation.url + "check/").content.decode()
    draft_or_session_key = client.session[f"consultation:{consultation.pk}"]["key"]
    assert "submission_key" not in html and draft_or_session_key not in html


def test_posting_another_persons_draft_key_neither_fails_nor_touches_their_draft(
    consultation, make_user
):
    resident = make_user(role=Role.RESIDENT)
    theirs = Client()
    theirs.force_login(resident)
    theirs.post(consultation.url + "step/0/", {**PAGE_ONE, "save_and_return": "1"})
    draft = Response.objects.get()
    attacker = Client()
    attacker.post(consultation.url + "step/0/", PAGE_ONE)
    attacker.post(consultation.url + "step/1/", PAGE_TWO)
    sent = attacker.post(
        consultation.url + "check/",
        {"submission_key": str(draft.submission_key), "publish": "yes"},
    )
    assert sent.status_code == 302 and "/done/" in sent["Location"]
    assert str(draft.submission_key) not in sent["Location"]
    draft.refresh_from_db()
    assert draft.status == ResponseStatus.DRAFT and draft.user == resident
    assert Response.objects.filter(status=ResponseStatus.SUBMITTED, user=None).count() == 1


def test_posting_the_key_of_a_sent_response_keeps_the_new_answers(client, consultation):
    _answer_all(client, consultation)
    sent_key = str(Response.objects.get().submission_key)
    other = Client()
    other.post(consultation.url + "step/0/", {**PAGE_ONE, "q-q-help": "Someone to talk to"})
    other.post(consultation.url + "step/1/", PAGE_TWO)
    response = other.post(
        consultation.url + "check/", {"submission_key": sent_key, "publish": "no"}
    )
    assert response.status_code == 302 and sent_key not in response["Location"]
    assert Response.objects.filter(status=ResponseStatus.SUBMITTED).count() == 2
    assert Answer.objects.filter(question_id="q-help", value="Someone to talk to").exists()


def test_sending_from_a_second_device_after_the_first_says_already_sent(consultation, make_user):
    resident = make_user(role=Role.RESIDENT)
    phone, laptop = Client(), Client()
    for c in (phone, laptop):
        c.force_login(resident)
    phone.post(consultation.url + "step/0/", PAGE_ONE)
    phone.post(consultation.url + "step/1/", PAGE_TWO)
    assert laptop.get(consultation.url + "check/").status_code == 200
    phone.post(consultation.url + "check/", {"publish": "yes"})
    late = laptop.post(consultation.url + "check/", {"publish": "yes"}, follow=True)
    assert "This form was already sent" in late.content.decode()
    assert Response.objects.get().status == ResponseStatus.SUBMITTED


def test_submit_refuses_a_key_that_names_another_persons_response(consultation, make_user):
    from consultations.questions import AnswerValue
    from consultations.services import ERR_KEY_TAKEN, draft_save

    answers = {"q-carer": [AnswerValue("No")], "q-consent": [AnswerValue("yes")]}
    draft = draft_save(page=consultation, user=make_user(), answers=answers, step=1)
    with pytest.raises(SubmissionRejected, match=ERR_KEY_TAKEN):
        response_submit(
            page=consultation, user=None, answers=answers, submission_key=draft.submission_key
        )
    draft.refresh_from_db()
    assert draft.status == ResponseStatus.DRAFT and not Answer.objects.exists()


def test_submit_is_idempotent_at_the_service(consultation):
    from consultations.questions import AnswerValue

    key = uuid.uuid4()
    answers = {"q-carer": [AnswerValue("No")], "q-consent": [AnswerValue("yes")]}
    first = response_submit(page=consultation, user=None, answers=answers, submission_key=key)
    second = response_submit(page=consultation, user=None, answers=answers, submission_key=key)
    assert first.pk == second.pk
    assert Answer.objects.count() == 2


def test_submit_without_required_answers_is_refused(consultation):
    with pytest.raises(SubmissionRejected) as err:
        response_submit(page=consultation, user=None, answers={}, submission_key=uuid.uuid4())
    assert {s.id for s in err.value.missing} == {"q-carer", "q-consent"}
    assert not Response.objects.exists()


def test_stale_csrf_token_reshows_the_page_with_every_answer_kept(consultation):
    client = Client(enforce_csrf_checks=True)
    client.get(consultation.url + "step/0/")
    response = client.post(
        consultation.url + "step/0/", {**PAGE_ONE, "csrfmiddlewaretoken": "expired"}
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert "check them and send them again" in html
    assert "A regular break</textarea>" in html
    assert 'value="Carers&#x27; group"' in html
    assert not Answer.objects.exists()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    resend = client.post(consultation.url + "step/0/", {**PAGE_ONE, "csrfmiddlewaretoken": token})
    assert resend.status_code == 302


def test_email_receipt_leaves_out_demographic_answers(
    consultation, make_user, django_capture_on_commit_callbacks
):
    client = Client()
    client.force_login(make_user(role=Role.RESIDENT))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _answer_all(client, consultation, email_receipt="on")
    assert mail.outbox == [] and len(callbacks) == 2  # the refresh, then the receipt
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "A regular break" in body
    assert "65 or over" not in body and "Your age" not in body


@pytest.mark.parametrize(
    ("audience", "role", "allowed"),
    [
        ("anyone", None, True),
        ("residents", None, False),
        ("residents", Role.RESIDENT, True),
        ("members", Role.RESIDENT, False),
        ("members", Role.MEMBER, True),
    ],
)
def test_who_may_respond(home_page, make_user, audience, role, allowed):
    page = make_consultation(home_page, audience=audience)
    client = Client()
    if role:
        client.force_login(make_user(role=role, target=page if role == Role.MEMBER else None))
    response = client.post(page.url + "step/0/", PAGE_ONE)
    assert (response.status_code == 302 and "step/1" in response["Location"]) == allowed


def test_closed_or_upcoming_consultation_takes_no_answers(home_page):
    now = timezone.now()
    closed = make_consultation(home_page, closes_at=now - timedelta(days=1))
    upcoming = make_consultation(home_page, opens_at=now + timedelta(days=1))
    for page in (closed, upcoming):
        response = Client().post(page.url + "step/0/", PAGE_ONE)
        assert response.status_code == 302 and response["Location"] == page.url
    assert "has closed" in Client().get(closed.url).content.decode()


def test_editing_questions_that_have_answers_cannot_corrupt_them(client, consultation):
    from django.core.exceptions import ValidationError

    _answer_all(client, consultation)
    page = type(consultation).objects.get(pk=consultation.pk)
    raw = list(page.questions.raw_data)
    carer = next(b for b in raw if b["id"] == "q-carer")
    carer["value"]["options"] = ["Yes", "Sometimes"]  # "No" removed
    page.questions = raw
    with pytest.raises(ValidationError, match="cannot be removed or renamed"):
        page.full_clean()
    carer["value"]["options"] = ["Yes", "No", "Sometimes"]  # adding is fine
    page.questions = raw
    page.full_clean()


def test_control_nul_and_bidi_characters_never_reach_the_database(client, consultation):
    # Also run on PostgreSQL (DATABASE_URL set), where a NUL would raise, not be stored.
    hidden = "\x00\x07\x1b\u202e\u2066"
    typed = {
        **PAGE_ONE,
        "q-q-help": f"A regular{hidden} break\r\nsoon",
        "q-q-used": ["GP\x00", "Other"],
        "q-q-used-other": f"Carers'{hidden} group",
    }
    assert client.post(consultation.url + "step/0/", typed).status_code == 302
    client.post(consultation.url + "step/1/", {**PAGE_TWO, "q-q-postcode": "cm1\x00 1aa"})
    assert client.post(consultation.url + "check/", {"publish": "yes"}).status_code == 302
    values = set(Answer.objects.values_list("question_id", "value"))
    assert ("q-help", "A regular break\nsoon") in values
    assert ("q-used", "GP") in values and ("q-used", "Carers' group") in values
    assert ("q-postcode", "CM1 1AA") in values
    assert not any(text_has_controls(v) for _, v in values)


def test_control_characters_in_a_draft_are_stripped_before_it_is_saved(consultation, make_user):
    client = Client()
    client.force_login(make_user(role=Role.RESIDENT))
    typed = {**PAGE_ONE, "q-q-help": "Day\x00 centres\u202d", "save_and_return": "1"}
    assert client.post(consultation.url + "step/0/", typed).status_code == 302
    draft = Response.objects.get()
    assert draft.draft["answers"]["q-help"] == [["Day centres", None, ""]]


def test_opening_and_closing_times_end_with_one_full_stop(home_page):
    from datetime import datetime

    tz = timezone.get_current_timezone()
    page = make_consultation(
        home_page,
        opens_at=datetime(2030, 1, 7, 9, 0, tzinfo=tz),
        closes_at=datetime(2030, 2, 7, 17, 30, tzinfo=tz),
    )
    html = Client().get(page.url).content.decode()
    assert "Opens 7 January 2030, 9:00am." in html
    assert "Closes 7 February 2030, 5:30pm." in html
    assert ".." not in re.sub(r"<[^>]+>", "", html.split("Opens", 1)[1].split("</p>", 1)[0])


def test_other_please_say_is_shown_without_a_reveal_that_puts_aria_expanded_on_the_input(
    client, consultation
):
    # GOV.UK's conditional reveal turns data-aria-controls into aria-expanded on the radio or
    # checkbox itself, which ARIA does not allow there (axe: aria-allowed-attr, serious).
    html = client.get(consultation.url + "step/0/").content.decode()
    client.post(consultation.url + "step/0/", PAGE_ONE)
    html += client.get(consultation.url + "step/1/").content.decode()
    assert "If other, please say" in html
    assert "data-aria-controls" not in html
    assert "__conditional--hidden" not in html
