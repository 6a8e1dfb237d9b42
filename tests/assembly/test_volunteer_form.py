import pytest

from assembly import services
from assembly.models import InvitationCode, Volunteer
from tests.assembly.factories import AssemblyPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def assembly(home_page):
    page = AssemblyPageFactory(invitation_codes_required=True)
    services.category_create(
        assembly=page, name="age", question="How old are you?", values=["16-44", "45+"]
    )
    services.category_create(
        assembly=page, name="ethnicity", values=["White", "Other"], special=True
    )
    return page


def _answers(assembly, choice=0):
    return {
        f"category_{c.pk}": str(list(c.values.all())[choice].pk)
        for c in assembly.selection_categories.all()
    }


def _post(client, assembly, **overrides):
    data = {
        "code": "",
        "full_name": "Ada Lovelace",
        "email": "ada@example.net",
        "postcode": "CM1 1AA",
        "address": "1 High Street",
        "contact_preference": "email",
        "consent_contact": "on",
        "consent_special_category": "on",
        **_answers(assembly),
        **overrides,
    }
    return client.post(assembly.url, data)


def test_volunteer_with_valid_code_is_added_and_code_is_used_up(client, assembly):
    code = InvitationCode.objects.create(assembly=assembly, address="1 High Street")
    response = _post(client, assembly, code=code.code.lower())
    assert response.status_code == 302
    volunteer = Volunteer.objects.get(assembly=assembly)
    assert volunteer.answers.count() == 2
    assert volunteer.household_key == "1 high street|CM11AA"
    code.refresh_from_db()
    assert code.used_by == volunteer and code.used_at is not None


def test_used_code_is_refused_and_what_was_typed_is_kept(client, assembly):
    code = InvitationCode.objects.create(assembly=assembly)
    assert _post(client, assembly, code=code.code).status_code == 302
    response = _post(client, assembly, code=code.code, email="other@example.net")
    body = response.content.decode()
    assert response.status_code == 200
    assert services.CODE_USED in body
    assert 'value="other@example.net"' in body
    assert Volunteer.objects.count() == 1


def test_unknown_code_is_refused(client, assembly):
    response = _post(client, assembly, code="NOTACODE")
    assert services.CODE_UNKNOWN in response.content.decode()
    assert not Volunteer.objects.exists()


def test_missing_answers_consent_and_contact_show_errors_next_to_fields(client, assembly):
    code = InvitationCode.objects.create(assembly=assembly)
    data = dict.fromkeys(_answers(assembly), "")
    response = _post(
        client, assembly, code=code.code, email="", address="", consent_special_category="", **data
    )
    body = response.content.decode()
    assert "There is a problem" in body
    assert body.count("Choose an answer, or “Prefer not to say”.") >= 2
    assert "Enter an email address or a postal address" in body
    assert "You must agree to this to volunteer." in body
    assert not Volunteer.objects.exists()


def test_every_category_offers_prefer_not_to_say(client, assembly):
    code = InvitationCode.objects.create(assembly=assembly)
    prefer = {
        f"category_{c.pk}": str(c.values.get(prefer_not_to_say=True).pk)
        for c in assembly.selection_categories.all()
    }
    assert _post(client, assembly, code=code.code, **prefer).status_code == 302
    values = Volunteer.objects.get().answers.values_list("value__value", flat=True)
    assert set(values) == {"Prefer not to say"}


def test_form_without_codes_does_not_ask_for_one(client, home_page):
    page = AssemblyPageFactory(invitation_codes_required=False)
    body = client.get(page.url).content.decode()
    assert "Invitation code" not in body and "Volunteer" in body


def test_closed_recruitment_hides_the_form(client, home_page):
    page = AssemblyPageFactory(recruitment_open=False)
    body = client.get(page.url).content.decode()
    assert 'id="volunteer"' not in body
