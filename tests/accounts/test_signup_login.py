import io
import json
import re
import zipfile

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Role

pytestmark = pytest.mark.django_db


def _signup(client, email="new.resident@example.org", password="a-Long-and-unusual-pass-9"):
    return client.post(
        reverse("account_signup"),
        {"email": email, "password1": password, "password2": password},
    )


def test_signup_sends_verification_email_and_confirming_signs_in(client, home_page):
    response = _signup(client)
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    path = link.group(0).split("testserver", 1)[-1]
    response = client.post(path)
    assert response.status_code == 302
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 200
    assert b"new.resident@example.org" in response.content
    assert b"Resident" in response.content


def test_unverified_account_cannot_sign_in(client, home_page):
    _signup(client)
    client.logout()
    response = client.post(
        reverse("account_login"),
        {"login": "new.resident@example.org", "password": "a-Long-and-unusual-pass-9"},
    )
    assert response.status_code == 302
    assert "confirm-email" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_invalid_signup_shows_errors_next_to_fields_and_keeps_email(client, home_page):
    response = client.post(
        reverse("account_signup"),
        {"email": "typed@example.org", "password1": "short", "password2": "different"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "govuk-error-message" in html
    assert 'value="typed@example.org"' in html
    assert 'href="#id_password1"' in html


def test_sign_in_and_out(client, user, password, home_page):
    response = client.post(reverse("account_login"), {"login": user.email, "password": password})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_failed_logins_are_rate_limited_even_for_the_right_password(
    client, user, password, home_page
):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong"})
    response = client.post(reverse("account_login"), {"login": user.email, "password": password})
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_does_not_reveal_whether_an_account_exists(client, user, home_page):
    known = client.post(reverse("account_reset_password"), {"email": user.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_cms_login_post_cannot_sign_anyone_in(client, make_user, password, home_page):
    organiser = make_user(role=Role.ORGANISER, target=home_page, is_staff=True)
    response = client.post("/cms/login/", {"username": organiser.username, "password": password})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_cms_sends_anonymous_staff_to_allauth_login(client, home_page):
    response = client.get("/cms/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_organiser_without_second_factor_is_sent_to_set_one_up(client, make_user, home_page):
    organiser = make_user(role=Role.ORGANISER, target=home_page)
    client.force_login(organiser)
    response = client.get("/cms/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_resident_is_not_asked_for_a_second_factor(client, make_user, home_page):
    client.force_login(make_user(role=Role.RESIDENT))
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_resident_never_sees_the_cms(client, make_user, home_page):
    client.force_login(make_user(role=Role.RESIDENT))
    response = client.get("/cms/")
    assert response.status_code in (302, 403)
    assert "/cms/" not in response.get("Location", "/accounts/login/").split("?")[0] or (
        response.status_code == 403
    )


def test_profile_lists_the_users_roles(client, make_user, home_page, live_session):
    member = make_user(role=Role.MEMBER, target=live_session)
    client.force_login(member)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "Assembly member" in html
    assert live_session.title in html


def test_delete_account_needs_confirmation_and_removes_user(client, user, home_page):
    client.force_login(user)
    response = client.post(reverse("accounts:delete"), {"confirm": "nope"})
    assert response.status_code == 200
    assert 'value="nope"' in response.content.decode()
    response = client.post(reverse("accounts:delete"), {"confirm": "Delete my account"})
    assert response.status_code == 302
    assert not type(user).objects.filter(pk=user.pk).exists()


def test_download_data_returns_own_account_only(client, user, home_page):
    client.force_login(user)
    response = client.get(reverse("accounts:download_data"))
    assert response["Content-Type"] == "application/zip"
    data = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("my-data.json"))
    assert [row["email"] for row in data["account"]] == [user.email]
