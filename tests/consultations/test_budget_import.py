"""Importing budget responses from CSV: a column per line, each row checked like the form."""

import pytest
from allauth.mfa.models import Authenticator
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Role
from consultations import imports
from consultations.models import Answer, Response
from tests.consultations.factories import (
    BUDGET_BLOCK_ID,
    care_budget_value,
    make_budget_consultation,
    precept_revenue,
)

pytestmark = pytest.mark.django_db

LINES = "care-budget:prevention,care-budget:adult-social-care,care-budget:hospital"
HEADER = f"id,channel,publish,{LINES},care-budget-why"


@pytest.fixture
def page(home_page):
    return make_budget_consultation(home_page)


def _parse(page, text):
    return imports.parse_responses(page.specs(), imports.read_csv(text.encode()))


def test_the_template_lists_a_column_per_line_keyed_on_its_reference(page):
    columns = imports.template_columns(page.specs())
    assert columns[3:6] == LINES.split(",")
    assert "care-budget-why" in columns


def test_the_template_has_revenue_and_band_columns_when_the_exercise_has_them(home_page):
    page = make_budget_consultation(home_page, budget=care_budget_value(revenue=precept_revenue()))
    columns = imports.template_columns(page.specs())
    assert "care-budget:_revenue" in columns and "care-budget:_band" in columns


def test_good_rows_become_the_same_answer_rows_as_the_form(page):
    preview = _parse(page, f"{HEADER}\nP1,paper,,25.5,45,29.5,Prevention first\n")
    assert preview.problems == []
    (row,) = preview.rows
    stored = [(a.row, a.value) for a in row.answers[BUDGET_BLOCK_ID]]
    assert stored == [("prevention", "255"), ("adult-social-care", "450"), ("hospital", "295")]
    assert row.answers[f"{BUDGET_BLOCK_ID}-why"][0].value == "Prevention first"


@pytest.mark.parametrize(
    "cells, column, words",
    [
        ("25,45,20", "care-budget", "100"),  # adds up to £90m, not £100m
        ("25.25,45,29.75", "care-budget:prevention", ""),  # finer than £0.1m
        ("25,35,40", "care-budget:adult-social-care", "Care Act"),  # under the floor
        ("abc,45,30", "care-budget:prevention", ""),
        ("-5,75,30", "care-budget:prevention", ""),
        ("25,,30", "care-budget:adult-social-care", "every line"),
    ],
)
def test_each_bad_row_gets_a_clear_problem_on_its_column(page, cells, column, words):
    preview = _parse(page, f"{HEADER}\nP1,paper,,{cells},\n")
    assert preview.rows == []
    assert column in {p.column for p in preview.problems}, preview.problems
    messages = " ".join(p.message for p in preview.problems)
    assert words in messages and all(p.message for p in preview.problems)


def test_an_unknown_line_column_is_refused(page):
    preview = _parse(page, f"{HEADER},care-budget:libraries\nP1,paper,,25,45,30,,5\n")
    assert any(p.column == "care-budget:libraries" for p in preview.problems)


def test_a_file_with_one_bad_row_saves_nothing(client, make_user, page):
    user = make_user(role=Role.ORGANISER, target=page)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    client.force_login(user)
    text = f"{HEADER}\nP1,paper,,25,45,30,\nP2,paper,,25,45,20,\n"
    upload = SimpleUploadedFile("budgets.csv", text.encode(), "text/csv")
    preview_url = client.post(page.url + "import/", {"file": upload})["Location"]
    html = client.get(preview_url).content.decode()
    assert "<code>care-budget</code>" in html and "adds up to £90.0m" in html
    client.post(preview_url, {"action": "confirm"})
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_a_clean_file_saves_every_budget(client, make_user, page):
    user = make_user(role=Role.ORGANISER, target=page)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    client.force_login(user)
    text = f"{HEADER}\nP1,paper,,25,45,30,\nP2,phone,,20,50,30,Keep it\n"
    upload = SimpleUploadedFile("budgets.csv", text.encode(), "text/csv")
    preview_url = client.post(page.url + "import/", {"file": upload})["Location"]
    client.post(preview_url, {"action": "confirm"})
    amounts = sorted(
        Answer.objects.filter(question_id=BUDGET_BLOCK_ID, row="prevention").values_list(
            "value", flat=True
        )
    )
    assert amounts == ["200", "250"]
