"""The view gates every app shares: sign in when signed out, 403 when signed in."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from accounts.gates import login_redirect, page_permission_required, permission_gate, refusal
from tests.factories import UserFactory


def _request(user, path="/consultations/survey/enter/"):
    request = RequestFactory().get(path)
    request.user = user
    return request


def test_login_redirect_brings_the_person_back_to_the_page_they_asked_for():
    response = login_redirect(_request(AnonymousUser()))
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/consultations/survey/enter/"
    other = login_redirect(_request(AnonymousUser()), "/consultations/survey/")
    assert other["Location"] == "/accounts/login/?next=/consultations/survey/"


@pytest.mark.django_db
def test_refusal_sends_the_signed_out_to_sign_in_and_the_signed_in_to_403():
    assert refusal(_request(AnonymousUser())).status_code == 302
    with pytest.raises(PermissionDenied):
        refusal(_request(UserFactory()))


@pytest.mark.django_db
def test_permission_gate_lets_through_only_who_holds_the_permission():
    admin = UserFactory(is_superuser=True)
    assert permission_gate(_request(admin), "consultations.enter_responses") is None
    with pytest.raises(PermissionDenied):
        permission_gate(_request(UserFactory()), "consultations.enter_responses")
    refused = permission_gate(_request(AnonymousUser()), "consultations.enter_responses")
    assert refused.status_code == 302


@pytest.mark.django_db
def test_page_permission_required_runs_the_view_only_past_the_gate():
    @page_permission_required("consultations.enter_responses")
    def view(request, page, n):
        return HttpResponse(f"{page}-{n}")

    assert view(_request(UserFactory(is_superuser=True)), "p", n=3).content == b"p-3"
    assert view(_request(AnonymousUser()), "p", n=3).status_code == 302
    with pytest.raises(PermissionDenied):
        view(_request(UserFactory()), "p", n=3)
