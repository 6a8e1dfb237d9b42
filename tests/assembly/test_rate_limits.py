"""Rate limits on the volunteer form and invitation codes: 429, a clear message, input kept."""

import re

import pytest
from django.test import override_settings

from assembly import services
from assembly.models import InvitationCode, Volunteer
from tests.assembly.factories import AssemblyPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def assembly(home_page):
    page = AssemblyPageFactory(invitation_codes_required=True)
    services.category_create(assembly=page, name="age", values=["16-44", "45+"])
    return page


def _post(client, assembly, ip="203.0.113.7", **overrides):
    category = assembly.selection_categories.get()
    data = {
        "code": "",
        "full_name": "Ada Lovelace",
        "email": "ada@example.net",
        "address": "1 High Street",
        "postcode": "CM1 1AA",
        "contact_preference": "email",
        "consent_contact": "on",
        "consent_special_category": "on",
        f"category_{category.pk}": str(category.values.first().pk),
        **overrides,
    }
    return client.post(assembly.url, data, REMOTE_ADDR=ip)


def test_guessing_codes_is_stopped_with_429_and_the_input_kept(client, assembly):
    real = InvitationCode.objects.create(assembly=assembly)
    for guess in ("AAAA2222", "AAAA3333", "AAAA4444", "AAAA5555", "AAAA6666"):
        response = _post(client, assembly, code=guess)
        assert response.status_code == 200
        assert "We did not send this invitation code" in response.content.decode()
    # The sixth try is refused before the code is looked at, even the right one.
    response = _post(client, assembly, code=real.code, full_name="Typed Name")
    body = response.content.decode()
    assert response.status_code == 429
    assert re.search(r"You have tried too many times\. Wait (\d|1[0-5]) minutes? and try", body)
    assert 'class="govuk-error-summary"' in body
    assert 'value="Typed Name"' in body and f'value="{real.code}"' in body
    assert not Volunteer.objects.exists()
    real.refresh_from_db()
    assert real.used_at is None
    # Another address may still volunteer with its code.
    assert _post(client, assembly, ip="198.51.100.9", code=real.code).status_code == 302


def test_right_codes_and_empty_codes_are_not_counted_as_guesses(client, assembly):
    for _ in range(6):
        assert _post(client, assembly, code="").status_code == 200
    codes = [InvitationCode.objects.create(assembly=assembly) for _ in range(3)]
    for i, code in enumerate(codes):
        response = _post(client, assembly, code=code.code, email=f"v{i}@example.net")
        assert response.status_code == 302


@override_settings(ASSEMBLY_RATE_LIMITS={"code_failure": "3/h/ip,4/h/key"})
def test_guesses_from_many_addresses_are_limited_per_assembly(client, assembly):
    for i in range(4):
        assert _post(client, assembly, ip=f"192.0.2.{i}", code="WRONG234").status_code == 200
    assert _post(client, assembly, ip="192.0.2.99", code="WRONG234").status_code == 429
    other = AssemblyPageFactory(invitation_codes_required=True)
    services.category_create(assembly=other, name="age", values=["16-44", "45+"])
    assert _post(client, other, ip="192.0.2.99", code="WRONG234").status_code == 200


@override_settings(ASSEMBLY_RATE_LIMITS={"volunteer": "2/m/ip"})
def test_volunteer_form_posts_are_limited_per_address(client, assembly):
    assembly.invitation_codes_required = False
    assembly.save()
    assert _post(client, assembly, email="a@example.net").status_code == 302
    assert _post(client, assembly, email="b@example.net").status_code == 302
    response = _post(client, assembly, email="c@example.net")
    assert response.status_code == 429
    assert "Wait 1 minute and try again" in response.content.decode()
    assert Volunteer.objects.count() == 2
    assert client.get(assembly.url).status_code == 200  # reading is never limited
