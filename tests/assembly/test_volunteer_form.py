import pytest
from django.urls import reverse

from assembly import forms, services
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
    assert forms.NEED_FOR_PREFERENCE["email"][1] in body
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


# --- contact details: what is needed, what the account already holds, the confirmation ---


def test_email_and_address_are_not_marked_optional_and_say_one_is_needed(client, home_page):
    body = client.get(AssemblyPageFactory().url).content.decode()
    assert "Email address (optional)" not in body and "Postal address (optional)" not in body
    assert forms.EMAIL_OR_ADDRESS in body and forms.ADDRESS_HINT in body
    assert "Phone number (optional)" in body


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"contact_preference": "phone", "phone": "01245 000000"}, "email", forms.NEED_CONTACT),
        ({"contact_preference": "email"}, "email", forms.NEED_FOR_PREFERENCE["email"][1]),
        ({"contact_preference": "post"}, "address", forms.NEED_FOR_PREFERENCE["post"][1]),
    ],
)
def test_without_email_or_address_the_error_says_which_is_needed(
    client, home_page, overrides, field, message
):
    page = AssemblyPageFactory()
    data = {"email": "", "address": "", "postcode": "", **overrides}
    response = _post(client, page, **data)
    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_{field}-error"' in body
    assert message.replace("'", "&#x27;") in body
    assert 'value="Ada Lovelace"' in body  # what was typed is kept
    assert not Volunteer.objects.exists()


def test_letters_by_post_need_an_address_even_with_an_email(client, home_page):
    page = AssemblyPageFactory()
    response = _post(client, page, contact_preference="post", address="", postcode="")
    assert forms.NEED_FOR_PREFERENCE["post"][1] in response.content.decode()
    assert not Volunteer.objects.exists()


def test_signed_in_resident_finds_their_name_and_email_filled_in(client, home_page, make_user):
    resident = make_user(display_name="Grace Hopper", email="grace@example.org")
    client.force_login(resident)
    body = client.get(AssemblyPageFactory().url).content.decode()
    assert 'value="Grace Hopper"' in body and 'value="grace@example.org"' in body


def test_anonymous_visitor_finds_the_form_empty(client, home_page):
    body = client.get(AssemblyPageFactory().url).content.decode()
    assert 'id="id_full_name" name="full_name" type="text" value=' not in body


def test_after_volunteering_a_confirmation_page_says_what_happens_next(client, home_page):
    page = AssemblyPageFactory(panel_size=30)
    response = _post(client, page)
    assert response.status_code == 302
    url = reverse("assembly:volunteered", args=[page.pk])
    assert response["Location"] == url
    response = client.get(url)
    body = response.content.decode()
    assert "govuk-panel--confirmation" in body and "Thank you for volunteering" in body
    assert "What happens next" in body and "panel of 30 residents" in body
    assert "ada@example.net" in body
    assert response["Cache-Control"] == "no-store"


def test_the_confirmation_page_is_only_for_the_browser_that_volunteered(client, home_page):
    from django.test import Client

    page = AssemblyPageFactory()
    assert _post(client, page).status_code == 302
    other = Client().get(reverse("assembly:volunteered", args=[page.pk]))
    assert other.status_code == 302 and other["Location"] == page.url


def test_control_and_bidi_characters_are_stripped_before_saving(client, home_page):
    # NUL cannot be stored by PostgreSQL; bidi overrides make text read differently.
    page = AssemblyPageFactory()
    response = _post(
        client,
        page,
        full_name="Ada\x00 Love\u202elace",
        address="1 High\x07 Street",
        phone="01245\u2066 000000",
    )
    assert response.status_code == 302
    volunteer = Volunteer.objects.get()
    assert volunteer.full_name == "Ada Lovelace"
    assert volunteer.address == "1 High Street"
    assert volunteer.phone == "01245 000000"
