"""An organiser builds a consultation with every question type in the Wagtail admin."""

import pytest
from allauth.mfa.models import Authenticator
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from accounts.models import Role
from consultations.models import ConsultationPage
from tests.consultations.factories import consultation_index

pytestmark = pytest.mark.django_db

NO_CONDITION = {"reference": "", "values": ""}


def _list(values):
    return {
        "count": len(values),
        **{str(i): {"value": v, "deleted": "", "order": str(i)} for i, v in enumerate(values)},
    }


def _question(label, **extra):
    return {"label": label, "hint": "", "reference": "", "show_if": NO_CONDITION, **extra}


def _every_block():
    demographic_options = {
        "count": 2,
        "0": {
            "value": {"label": "Under 65", "population_share": "80"},
            "deleted": "",
            "order": "0",
        },
        "1": {
            "value": {"label": "65 or over", "population_share": "20"},
            "deleted": "",
            "order": "1",
        },
    }
    return streamfield(
        [
            ("section", {"heading": "About caring", "text": "", "new_page": "on"}),
            (
                "single_choice",
                _question(
                    "Do you care for someone?",
                    reference="carer",
                    required="on",
                    options=_list(["Yes", "No"]),
                ),
            ),
            ("short_text", _question("Your town")),
            (
                "long_text",
                {
                    **_question(
                        "What would help?", show_if={"reference": "carer", "values": "Yes"}
                    ),
                    "max_length": "3000",
                },
            ),
            (
                "multiple_choice",
                _question(
                    "Services used",
                    options=_list(["GP", "Day centre"]),
                    allow_other="on",
                    max_choices="",
                ),
            ),
            (
                "scale",
                _question(
                    "Support is good",
                    min_value="1",
                    max_value="5",
                    min_label="Disagree",
                    max_label="Agree",
                ),
            ),
            (
                "ranking",
                _question("Rank the priorities", options=_list(["Prevention", "Hospitals"])),
            ),
            (
                "matrix",
                _question(
                    "How easy is it to",
                    options=_list(["Easy", "Hard"]),
                    rows=_list(["get a break", "find information"]),
                ),
            ),
            (
                "number",
                _question("Hours caring a week", min_value="0", max_value="168", whole_number="on"),
            ),
            ("date", _question("Since when", min_date="", max_date="")),
            ("postcode", _question("Postcode")),
            ("consent", _question("I agree", required="on")),
            ("demographic", _question("Age", options=demographic_options)),
        ]
    )


def test_organiser_builds_a_consultation_with_every_question_type_in_the_cms(
    client, home_page, make_user
):
    organiser = make_user(role=Role.ORGANISER, target=home_page, is_staff=True)
    Authenticator.objects.create(user=organiser, type=Authenticator.Type.TOTP, data={})
    client.force_login(organiser)
    index = consultation_index(home_page)
    data = nested_form_data(
        {
            "title": "Carers' survey",
            "slug": "carers-survey",
            "summary": "Tell us about caring",
            "intro": rich_text("<p>Hello</p>"),
            "thank_you": rich_text(""),
            "questions": _every_block(),
            "audience": "anyone",
            "data_controller": "Essex County Council",
            "privacy_summary": "Planning services. Public task. Two years.",
            "suppression_threshold": "10",
            "rounds": streamfield([]),
            "action-publish": "action-publish",
        }
    )
    url = f"/cms/pages/add/consultations/consultationpage/{index.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = ConsultationPage.objects.get(slug="carers-survey")
    assert page.live
    kinds = [s.kind for s in page.specs()]
    assert kinds == [
        "single_choice",
        "short_text",
        "long_text",
        "multiple_choice",
        "scale",
        "ranking",
        "matrix",
        "number",
        "date",
        "postcode",
        "consent",
        "demographic",
    ]
    assert page.specs()[2].show_if.values == ("Yes",)
    assert page.specs()[-1].population_shares == {"Under 65": 80.0, "65 or over": 20.0}
    assert client.get(page.url + "step/0/").status_code == 200


def test_commissioner_never_reaches_the_cms(client, home_page, make_user):
    commissioner = make_user(role=Role.COMMISSIONER, target=home_page)
    Authenticator.objects.create(user=commissioner, type=Authenticator.Type.TOTP, data={})
    client.force_login(commissioner)
    response = client.get("/cms/")
    assert response.status_code in (302, 403)
    assert not response.get("Location", "").startswith("/cms/")


def test_control_and_bidi_characters_typed_in_the_cms_are_not_stored(client, home_page, make_user):
    organiser = make_user(role=Role.ORGANISER, target=home_page, is_staff=True)
    Authenticator.objects.create(user=organiser, type=Authenticator.Type.TOTP, data={})
    client.force_login(organiser)
    index = consultation_index(home_page)
    questions = streamfield(
        [
            ("short_text", _question("Your\x00 town\u202e", hint="Where\x07 you live")),
            ("single_choice", _question("Carer?", options=_list(["Yes\x00", "No\u2066"]))),
        ]
    )
    data = nested_form_data(
        {
            "title": "Carers'\x00 survey",
            "slug": "carers-survey",
            "summary": "Tell us\x1b about caring",
            "intro": rich_text("<p>Hello</p>"),
            "thank_you": rich_text(""),
            "questions": questions,
            "audience": "anyone",
            "data_controller": "Essex\u202d County Council",
            "privacy_summary": "Planning\x00 services.",
            "suppression_threshold": "10",
            "rounds": streamfield([]),
            "action-publish": "action-publish",
        }
    )
    url = f"/cms/pages/add/consultations/consultationpage/{index.pk}/"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = ConsultationPage.objects.get(slug="carers-survey")
    assert (page.title, page.summary) == ("Carers' survey", "Tell us about caring")
    assert page.data_controller == "Essex County Council"
    assert page.privacy_summary == "Planning services."
    first, second = page.specs()
    assert (first.label, first.hint) == ("Your town", "Where you live")
    assert second.options == ("Yes", "No")


def _budget_line(reference, name, current, minimum, maximum, step, **extra):
    return {
        "reference": reference,
        "name": name,
        "group": extra.get("group", ""),
        "description": "",
        "current": current,
        "minimum": minimum,
        "maximum": maximum,
        "step": step,
        "statutory_reason": extra.get("statutory_reason", ""),
        "consequences": _list(extra.get("consequences", [])),
        **({"statutory": "on"} if extra.get("statutory") else {}),
    }


def _budget_block(lines, knock_ons):
    return {
        "label": "Create a care budget",
        "hint": "",
        "required": "on",
        "reference": "care-budget",
        "unit": "£m",
        "decimals": "1",
        "envelope": "total",
        "total": "100",
        "per_head": "",
        "population": "",
        "rule": "exact",
        "tolerance": "",
        "min_share": "",
        "lines": _list(lines),
        "knock_ons": _list(knock_ons),
        "revenue": {
            "offer": "on",
            "label": "Council tax change",
            "minimum": "-5",
            "maximum": "5",
            "step": "0.5",
            "yield_per_step": "1",
            "bands": _list([{"band": "D", "cost_per_step": "6.15"}]),
        },
        "ask_why": "on",
        "why_label": "Why?",
    }


def _post_budget(client, index, block):
    data = nested_form_data(
        {
            "title": "Create a care budget",
            "slug": "care-budget",
            "summary": "Share out the money",
            "intro": rich_text("<p>Hello</p>"),
            "thank_you": rich_text(""),
            "questions": streamfield([("budget", block)]),
            "audience": "anyone",
            "data_controller": "Essex County Council",
            "privacy_summary": "Planning services. Public task. Two years.",
            "suppression_threshold": "10",
            "rounds": streamfield(
                [
                    ("round", {"reference": "before", "label": "Before the assembly"}),
                    ("round", {"reference": "after", "label": "After deliberation"}),
                ]
            ),
            "current_round": "before",
            "action-publish": "action-publish",
        }
    )
    return client.post(f"/cms/pages/add/consultations/consultationpage/{index.pk}/", data)


def _organiser_client(client, home_page, make_user):
    organiser = make_user(role=Role.ORGANISER, target=home_page, is_staff=True)
    Authenticator.objects.create(user=organiser, type=Authenticator.Type.TOTP, data={})
    client.force_login(organiser)
    return consultation_index(home_page)


def test_organiser_builds_a_budget_with_rounds_in_the_cms(client, home_page, make_user):
    index = _organiser_client(client, home_page, make_user)
    lines = [
        _budget_line("prevention", "Prevention", "20", "5", "40", "0.5", group="Prevention"),
        _budget_line(
            "adult-social-care",
            "Adult social care",
            "80",
            "60",
            "90",
            "0.1",
            statutory=True,
            statutory_reason="Care Act 2014",
            consequences=[{"text": "Waiting lists grow", "lower": "", "upper": "70"}],
        ),
    ]
    knock_ons = [
        {"source": "prevention", "target": "adult-social-care", "coefficient": "0.6", "year": "2"}
    ]
    response = _post_budget(client, index, _budget_block(lines, knock_ons))
    assert response.status_code == 302, response.content.decode()[:3000]
    page = ConsultationPage.objects.get(slug="care-budget")
    budget, why = page.specs()
    assert budget.kind == "budget" and why.within == budget.id
    assert budget.budget["lines"][1]["statutory_reason"] == "Care Act 2014"
    assert budget.budget["revenue"]["household_cost_per_step"] == {"D": "6.15"}
    assert budget.budget["knock_ons"] == [
        {"source": "prevention", "target": "adult-social-care", "coefficient": "3/5", "year": 2}
    ]
    assert page.round_choices == [
        ("before", "Before the assembly"),
        ("after", "After deliberation"),
    ]
    assert client.get(page.url + "step/0/").status_code == 200


def test_the_cms_shows_budget_errors_on_the_block(client, home_page, make_user):
    index = _organiser_client(client, home_page, make_user)
    lines = [
        _budget_line("Prevention!", "Prevention", "20", "5", "40", "0.5"),
        _budget_line("care", "Care", "80", "60", "90", "0.1"),
    ]
    knock_ons = [{"source": "care", "target": "hospital", "coefficient": "0.4", "year": "3"}]
    response = _post_budget(client, index, _budget_block(lines, knock_ons))
    html = response.content.decode()
    assert response.status_code == 200
    assert not ConsultationPage.objects.filter(slug="care-budget").exists()
    assert "Use lower-case letters, numbers and dashes" in html
    assert "No line has this reference" in html
