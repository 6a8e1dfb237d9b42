"""Check your budget, send it, and get a receipt that lists it; staff key in a paper budget."""

import json
import re

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.test import Client

from accounts.models import Role
from consultations.models import Answer, Response
from tests.consultations.factories import (
    BUDGET_BLOCK_ID,
    care_budget_value,
    make_budget_consultation,
    precept_revenue,
)

pytestmark = pytest.mark.django_db
NAME = f"q-{BUDGET_BLOCK_ID}"


def _budget(revenue="", band="", why="Prevention saves money later", **amounts):
    amounts = {"prevention": "25.0", "adult-social-care": "50.0", "hospital": "25.0", **amounts}
    data = {f"{NAME}-line-{ref}": v for ref, v in amounts.items()}
    data |= {f"{NAME}-envelope": "100.0", f"q-{BUDGET_BLOCK_ID}-why": why}
    if revenue:
        data |= {f"{NAME}-revenue": revenue, f"{NAME}-band": band}
    return data


@pytest.fixture
def page(home_page):
    return make_budget_consultation(home_page, budget=care_budget_value(revenue=precept_revenue()))


def test_check_page_shows_the_budget_against_today_as_a_chart_and_a_table(client, page):
    client.post(page.url + "step/0/", _budget(revenue="0.5", band="D", hospital="26.0"))
    html = client.get(page.url + "check/").content.decode()
    assert '<svg class="app-budget-chart" role="img"' in html
    assert len(re.findall(r'<rect x="220"', html)) == 6  # today and yours, per line
    row = re.search(r"<th scope=\"row\"[^>]*>Prevention</th>(.*?)</tr>", html).group(1)
    assert "£20.0m" in row and "£25.0m" in row and "£5.0m more" in row
    assert "Council tax change: <strong>+0.5 %</strong>" in html
    assert "£6.15 a year more for a band D household" in html
    assert "Year 2" in html and "Adult social care: £3.0m less demand" in html
    assert "Prevention saves money later" in html  # the why text, as its own answer


def test_sending_stores_the_rows_and_the_receipts_list_the_budget(
    home_page, make_user, django_capture_on_commit_callbacks
):
    page = make_budget_consultation(home_page)
    client = Client()
    client.force_login(make_user(role=Role.RESIDENT))
    assert client.post(page.url + "step/0/", _budget()).status_code == 302
    # The e-mail goes from the task worker once the response is committed.
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(page.url + "check/", {"publish": "no", "email_receipt": "on"})
    assert done.status_code == 302
    response = Response.objects.get(page=page, status="submitted")
    rows = list(
        Answer.objects.filter(response=response, question_id=BUDGET_BLOCK_ID)
        .order_by("pk")
        .values_list("row", "value", "number")
    )
    assert rows == [
        ("prevention", "250", 250.0),
        ("adult-social-care", "500", 500.0),
        ("hospital", "250", 250.0),
    ]
    why = Answer.objects.get(response=response, question_id=f"{BUDGET_BLOCK_ID}-why")
    assert why.value == "Prevention saves money later"
    receipt = client.get(done["Location"]).content.decode()
    assert "the budget you sent" in receipt and "£25.0m" in receipt
    body = mail.outbox[0].body
    assert "Prevention: £25.0m (today £20.0m)" in body
    assert "Total: £100.0m of £100.0m" in body


ROUNDS = json.dumps(
    [
        {"type": "round", "value": {"reference": "before", "label": "Before the assembly"}},
        {"type": "round", "value": {"reference": "after", "label": "After deliberation"}},
    ]
)


def _organiser_client(make_user, page):
    organiser = make_user(role=Role.ORGANISER, target=page)
    Authenticator.objects.create(user=organiser, type=Authenticator.Type.TOTP, data={})
    client = Client()
    client.force_login(organiser)
    return client


def _staff_form(client, page):
    html = client.get(page.url + "enter/").content.decode()
    return re.search(r'name="form_key" value="([^"]+)"', html).group(1), html


def test_staff_key_in_a_paper_budget_into_the_round_they_choose(home_page, make_user):
    page = make_budget_consultation(home_page, rounds=ROUNDS, current_round="before")
    client = _organiser_client(make_user, page)
    key, html = _staff_form(client, page)
    assert f'name="{NAME}-line-prevention"' in html and "After deliberation" in html
    data = _budget(hospital="26.0") | {
        "form_key": key,
        "q-staff-channel": "Paper form",
        "q-staff-round": "After deliberation",
    }
    refused = client.post(page.url + "enter/", data)
    assert refused.status_code == 200 and "you are £1.0m over" in refused.content.decode()
    assert not Response.objects.exists()
    data[f"{NAME}-line-hospital"] = "25.0"
    assert client.post(page.url + "enter/", data).status_code == 302
    entered = Response.objects.get(page=page)
    assert (entered.channel, entered.round) == ("paper", "after")
    assert entered.answers.filter(question_id=BUDGET_BLOCK_ID, row="hospital").get().value == "250"


def test_staff_entry_refuses_a_round_the_page_does_not_have(home_page, make_user):
    page = make_budget_consultation(home_page, rounds=ROUNDS, current_round="before")
    client = _organiser_client(make_user, page)
    key, _ = _staff_form(client, page)
    data = _budget() | {"form_key": key, "q-staff-channel": "Paper form", "q-staff-round": "Later"}
    response = client.post(page.url + "enter/", data)
    assert response.status_code == 200 and "Choose one of the options" in response.content.decode()
    assert not Response.objects.exists()
