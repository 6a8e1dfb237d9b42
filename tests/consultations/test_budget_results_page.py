"""A budget question's results page, filters, exports and versions, through the database.

The care budget of ``care_budget_value``: £100.0m in £m with one decimal place, so the
stored 250 means £25.0m. Six people answer on paper and six by phone.
"""

import csv
import io
import json
import uuid
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from accounts.models import Role
from consultations.budget_exports import BUDGET_HEADER
from consultations.questions import AnswerValue
from consultations.results_services import page_results_compute
from consultations.services import response_submit
from tests.consultations.factories import (
    BUDGET_BLOCK_ID,
    care_budget_value,
    make_budget_consultation,
)
from tests.consultations.test_results_views import with_mfa

pytestmark = pytest.mark.django_db

WHY = f"{BUDGET_BLOCK_ID}-why"
PAPER = (300, 450, 250)  # prevention, adult social care, hospital, in £0.1m
PHONE = (200, 500, 300)
LINES = ("prevention", "adult-social-care", "hospital")


def _submit(page, amounts, *, channel, why="", user=None, round=None):
    answers = {
        BUDGET_BLOCK_ID: [
            AnswerValue(str(a), float(a), r) for a, r in zip(amounts, LINES, strict=True)
        ]
    }
    if why:
        answers[WHY] = [AnswerValue(why)]
    return response_submit(
        page=page,
        user=user,
        answers=answers,
        submission_key=uuid.uuid4(),
        channel=channel,
        round=round,
    )


@pytest.fixture
def page(home_page):
    page = make_budget_consultation(home_page, suppression_threshold=3)
    for i in range(6):
        _submit(page, PAPER, channel="paper", why=f"=SUM(A{i})" if i == 0 else "More prevention")
        _submit(page, PHONE, channel="phone")
    return page


@pytest.fixture
def organiser(make_user, page):
    return with_mfa(make_user(role=Role.ORGANISER, target=page))


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _csv(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_results_page_shows_each_line_beside_today_and_the_residents_budget(
    client, organiser, page
):
    client.force_login(organiser)
    html = client.get(page.url + "results/").content.decode()
    assert "Residents&#x27; budget" in html or "Residents' budget" in html
    # Prevention: today £20.0m, mean of six 30.0 and six 20.0 is £25.0m.
    assert "£20.0m" in html and "£25.0m" in html
    assert "Adult social care" in html and "How people's amounts were spread" in html


def test_every_figure_filters_by_channel(client, organiser, page):
    client.force_login(organiser)
    html = client.get(page.url + "results/?group=channel:paper").content.decode()
    # Prevention's middle half: £20.0m to £30.0m for everyone, £30.0m on paper.
    assert "£30.0m to £30.0m" in html and "£20.0m to £30.0m" not in html
    # Broken down by channel: a table for everyone, then one per channel.
    html = client.get(page.url + "results/?by=channel").content.decode()
    assert "Create a care budget: Everyone (12 people)" in html
    assert "Create a care budget: Paper form (6 people)" in html
    budget = page_results_compute(page).results.questions[BUDGET_BLOCK_ID].budget
    paper = budget.summary.loc[("channel", "paper")]
    assert paper.loc["prevention", "mean"] == 300.0
    assert budget.summary.loc[("channel", "phone", "hospital"), "median"] == 300.0
    # Everyone's moving-phantom median adds up to the envelope, £100.0m.
    assert budget.summary.loc[("Total", "Total"), "phantom_shown"].sum() == 1000


def test_response_export_has_a_column_per_line_in_the_unit_and_the_why_text(
    client, organiser, page
):
    client.force_login(organiser)
    rows = _csv(client.get(page.url + "export/csv/"))
    assert len(rows) == 12
    header = "Create a care budget: Prevention (£m)"
    paper = [r for r in rows if r["Channel"] == "Paper form"]
    assert {r[header] for r in paper} == {"30.0"}
    # Round trip: the exported amounts, times ten, are the stored integers.
    back = {
        tuple(int(Decimal(r[f"Create a care budget: {n} (£m)"]) * 10) for n in NAMES) for r in rows
    }
    assert back == {PAPER, PHONE}
    whys = [r["Why did you choose this budget?"] for r in paper]
    assert "'=SUM(A0)" in whys  # a formula stays text


NAMES = ("Prevention", "Adult social care", "Hospital care")


def test_the_aggregate_table_is_its_own_download_and_workbook_sheet(client, organiser, page):
    client.force_login(organiser)
    rows = _csv(client.get(page.url + "export/budget-csv/"))
    assert list(rows[0]) == BUDGET_HEADER
    everyone = {r["Line"]: r for r in rows if r["Group"] == "Everyone"}
    prevention = everyone["Prevention"]
    assert prevention["Today"] == "20.0" and Decimal(prevention["Mean"]) == Decimal("25")
    assert (
        Decimal(prevention["Lower quartile"]) == 20 and Decimal(prevention["Upper quartile"]) == 30
    )
    assert float(prevention["Raised %"]) == 50.0 and float(prevention["Kept %"]) == 50.0
    total = sum(Decimal(r["Moving-phantom median (rounded, adds up)"]) for r in everyone.values())
    assert total == Decimal("100.0")
    content = client.get(page.url + "export/summary-xlsx/").content
    book = load_workbook(io.BytesIO(content), read_only=True)
    sheet = list(book["Budget"].iter_rows(values_only=True))
    assert list(sheet[0]) == BUDGET_HEADER
    assert any(row[3] == "Hospital care" and row[2] == "Everyone" for row in sheet[1:])


def test_answers_of_an_older_version_are_still_counted(home_page):
    page = make_budget_consultation(home_page, suppression_threshold=3)
    for _ in range(3):
        _submit(page, PAPER, channel="paper")
    # A wording edit (allowed once answered) makes a new questionnaire version.
    value = care_budget_value()
    value["lines"][0]["name"] = "Prevention and public health"
    page.questions = json.dumps([{"type": "budget", "value": value, "id": BUDGET_BLOCK_ID}])
    page.save_revision().publish()
    for _ in range(3):
        _submit(page, PHONE, channel="phone")
    budget = page_results_compute(page).results.questions[BUDGET_BLOCK_ID].budget
    everyone = budget.summary.loc[("Total", "Total")]
    assert everyone.loc["prevention", "base"] == 6
    assert everyone.loc["prevention", "mean"] == 250.0


def test_rounds_pair_signed_in_people(home_page, make_user):
    rounds = json.dumps(
        [
            {"type": "round", "value": {"reference": "before", "label": "Before"}},
            {"type": "round", "value": {"reference": "after", "label": "After"}},
        ]
    )
    page = make_budget_consultation(
        home_page, suppression_threshold=3, rounds=rounds, current_round="before"
    )
    people = [make_user() for _ in range(4)]
    for person in people:
        _submit(page, PHONE, channel="online", user=person, round="before")
        _submit(page, PAPER, channel="online", user=person, round="after")
    data = page_results_compute(page)
    assert "round" in data.dimensions
    shifts = data.results.questions[BUDGET_BLOCK_ID].budget.shifts
    prevention = shifts.loc[("before", "after", "prevention")]
    assert prevention["pairs"] == 4 and prevention["mean_shift"] == 100.0
    assert prevention["moved_up"] == 100.0 and prevention["moved_down"] == 0.0
