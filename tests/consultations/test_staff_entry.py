"""Organisers keying in paper, phone and event responses on a resident's behalf."""

import re
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.utils import timezone

from accounts.models import Role
from consultations.models import Answer, Channel, Response, ResponseStatus
from tests.consultations.factories import make_consultation

pytestmark = pytest.mark.django_db

ANSWERS = {
    "q-staff-channel": "Paper form",
    "q-q-carer": "Yes",
    "q-q-help": "A regular break",
    "q-q-used": ["GP", "Other"],
    "q-q-used-other": "Carers' group",
    "q-q-rank-0": "1",
    "q-q-rank-1": "2",
    "q-q-postcode": "cm1 1aa",
    "q-q-consent": "yes",
}


def _organiser(make_user, page):
    user = make_user(role=Role.ORGANISER, target=page)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return user


def _key(html):
    return re.search(r'name="form_key" value="([^"]+)"', html).group(1)


def _enter(client, page, data):
    key = _key(client.get(page.url + "enter/").content.decode())
    return client.post(page.url + "enter/", {"form_key": key, **data})


def test_organiser_enters_paper_response_recorded_with_channel_and_entered_by(
    client, consultation, make_user
):
    organiser = _organiser(make_user, consultation)
    client.force_login(organiser)
    response = _enter(client, consultation, ANSWERS)
    assert response.status_code == 302 and response["Location"].endswith("/enter/")
    saved = Response.objects.get()
    assert saved.status == ResponseStatus.SUBMITTED
    assert saved.channel == Channel.PAPER and saved.entered_by == organiser
    assert saved.user is None and saved.publish_consent is None
    answers = set(Answer.objects.values_list("question_id", "value", "row"))
    assert ("q-help", "A regular break", "") in answers
    assert ("q-used", "Carers' group", "other") in answers
    assert ("q-postcode", "CM1 1AA", "") in answers
    page = client.get(response["Location"]).content.decode()
    assert "Response saved (paper form" in page


def test_staff_entry_shows_every_question_on_one_page_with_channel_choice(
    client, consultation, make_user
):
    client.force_login(_organiser(make_user, consultation))
    html = client.get(consultation.url + "enter/").content.decode()
    for spec in consultation.specs():
        assert spec.label.replace("'", "&#x27;") in html
    assert 'value="Paper form"' in html and 'value="Event"' in html
    assert "Save and enter another" in html and "Date received" in html


def test_staff_entry_records_date_received_and_publish_choice(client, consultation, make_user):
    client.force_login(_organiser(make_user, consultation))
    received = timezone.localdate() - timedelta(days=3)
    data = {
        **ANSWERS,
        "q-staff-channel": "Phone",
        "q-staff-received-day": str(received.day),
        "q-staff-received-month": str(received.month),
        "q-staff-received-year": str(received.year),
        "q-staff-publish": "No",
    }
    assert _enter(client, consultation, data).status_code == 302
    saved = Response.objects.get()
    assert saved.channel == Channel.PHONE and saved.publish_consent is False
    assert timezone.localtime(saved.submitted_at).date() == received


def test_invalid_staff_entry_keeps_input_shows_errors_and_saves_nothing(
    client, consultation, make_user
):
    client.force_login(_organiser(make_user, consultation))
    future = timezone.localdate() + timedelta(days=5)
    bad = {
        **ANSWERS,
        "q-staff-channel": "",
        "q-staff-received-day": str(future.day),
        "q-staff-received-month": str(future.month),
        "q-staff-received-year": str(future.year),
        "q-q-postcode": "not a postcode",
        "q-q-consent": "",
    }
    response = _enter(client, consultation, bad)
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html
    assert 'id="q-staff-channel-error"' in html
    assert "The date received cannot be in the future" in html
    assert 'id="q-q-postcode-error"' in html and "Enter a real postcode" in html
    assert 'id="q-q-consent-error"' in html
    assert "A regular break</textarea>" in html and 'value="not a postcode"' in html
    assert 'value="Carers&#x27; group"' in html
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_staff_entry_rejects_a_channel_that_is_not_offered(client, consultation, make_user):
    client.force_login(_organiser(make_user, consultation))
    response = _enter(client, consultation, {**ANSWERS, "q-staff-channel": "online"})
    assert response.status_code == 200 and "Choose one of the options" in response.content.decode()
    assert not Response.objects.exists()


def test_double_submitted_staff_entry_is_saved_once_and_says_already_sent(
    client, consultation, make_user
):
    client.force_login(_organiser(make_user, consultation))
    key = _key(client.get(consultation.url + "enter/").content.decode())
    client.post(consultation.url + "enter/", {"form_key": key, **ANSWERS})
    again = client.post(consultation.url + "enter/", {"form_key": key, **ANSWERS}, follow=True)
    ref = str(Response.objects.get().submission_key)[:8]
    assert f"This form was already sent: it was saved as reference {ref}" in again.content.decode()
    assert Response.objects.count() == 1


def test_resent_staff_form_with_changed_answers_keeps_them_and_saves_nothing(
    client, consultation, make_user
):
    client.force_login(_organiser(make_user, consultation))
    key = _key(client.get(consultation.url + "enter/").content.decode())
    client.post(consultation.url + "enter/", {"form_key": key, **ANSWERS})
    changed = {**ANSWERS, "q-q-help": "Someone to talk to"}
    response = client.post(consultation.url + "enter/", {"form_key": key, **changed})
    html = response.content.decode()
    assert response.status_code == 409 and "This form was already sent" in html
    assert "Someone to talk to</textarea>" in html
    assert Response.objects.count() == 1
    assert _key(html) != key  # saving again is a new response, on purpose
    resent = client.post(consultation.url + "enter/", {"form_key": _key(html), **changed})
    assert resent.status_code == 302
    assert Answer.objects.filter(question_id="q-help", value="Someone to talk to").count() == 1


@pytest.mark.parametrize("forged", ["resident-draft", "other-page", "other-organiser", "junk"])
def test_staff_form_key_cannot_be_forged_or_carried_elsewhere(
    client, consultation, home_page, make_user, forged
):
    from accounts.services import role_grant
    from consultations.services import draft_save

    organiser, colleague = _organiser(make_user, consultation), _organiser(make_user, consultation)
    other_page = make_consultation(home_page)
    role_grant(user=organiser, role=Role.ORGANISER, target=other_page)
    draft = draft_save(page=consultation, user=make_user(), answers={}, step=0)
    if forged == "resident-draft":
        value = str(draft.submission_key)
    elif forged == "junk":
        value = "x"
    else:
        client.force_login(organiser if forged == "other-page" else colleague)
        page = other_page if forged == "other-page" else consultation
        value = _key(client.get(page.url + "enter/").content.decode())
    client.force_login(organiser)
    response = client.post(consultation.url + "enter/", {"form_key": value, **ANSWERS})
    html = response.content.decode()
    assert response.status_code == 400
    assert "This form could not be checked" in html and "A regular break</textarea>" in html
    assert not Response.objects.filter(status=ResponseStatus.SUBMITTED).exists()
    draft.refresh_from_db()
    assert draft.status == ResponseStatus.DRAFT


def test_staff_entry_works_when_the_consultation_is_closed(client, home_page, make_user):
    closed = make_consultation(home_page, closes_at=timezone.now() - timedelta(days=1))
    assert not closed.is_open
    client.force_login(_organiser(make_user, closed))
    assert _enter(client, closed, {**ANSWERS, "q-staff-channel": "Event"}).status_code == 302
    assert Response.objects.get().channel == Channel.EVENT


def test_non_organisers_cannot_enter_responses(client, consultation, make_user):
    for role in (None, Role.COMMISSIONER):
        user = make_user(role=role, target=consultation if role else None)
        Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
        client.force_login(user)
        assert client.get(consultation.url + "enter/").status_code == 403
        assert client.post(consultation.url + "enter/", ANSWERS).status_code == 403
    assert not Response.objects.exists()


def test_anonymous_visitor_is_sent_to_sign_in(client, consultation):
    response = client.get(consultation.url + "enter/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
