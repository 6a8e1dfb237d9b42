"""A resident answers a budget through the pages, without JavaScript, and the server guards it."""

import re

import pytest

from consultations.models import Answer, Response
from tests.consultations.factories import (
    BUDGET_BLOCK_ID,
    budget_line,
    care_budget_value,
    make_budget_consultation,
    precept_revenue,
)

pytestmark = pytest.mark.django_db
NAME = f"q-{BUDGET_BLOCK_ID}"
LINES = ("prevention", "adult-social-care", "hospital")
TODAY = {"prevention": "20.0", "adult-social-care": "50.0", "hospital": "30.0"}


def _form(amounts=None, **extra):
    amounts = {**TODAY, **(amounts or {})}
    data = {f"{NAME}-line-{ref}": value for ref, value in amounts.items()}
    data |= {f"{NAME}-start-{ref}": TODAY[ref] for ref in TODAY}
    data[f"{NAME}-envelope"] = "100.0"
    data |= extra
    return data


@pytest.fixture
def page(home_page):
    return make_budget_consultation(home_page)


def _step(page):
    return page.url + "step/0/"


def _post(client, page, data):
    return client.post(_step(page), data)


def _saved(client, page):
    session = client.session.get(f"consultation:{page.pk}") or {}
    return session.get("answers", {}).get(BUDGET_BLOCK_ID)


def test_the_page_shows_each_line_with_today_bounds_floor_and_consequence(client, page):
    html = client.get(_step(page)).content.decode()
    assert f'name="{NAME}-line-prevention"' in html and 'value="20.0"' in html
    assert "Today: £20.0m. From £5.0m to £40.0m, in steps of £0.5m." in html
    assert "Legal floor of £40.0m:</strong> the Care Act 2014 duty" in html
    assert "Assessments within four weeks." in html
    assert "Share out exactly £100.0m." in html
    assert 'name="budget_action" value="balance"' in html
    assert f'name="{NAME}-envelope" value="100.0"' in html


def test_a_balanced_budget_continues_and_is_kept_for_the_check_page(client, page):
    response = _post(client, page, _form({"prevention": "25.0", "hospital": "25.0"}))
    assert response.status_code == 302 and response["Location"].endswith("/check/")
    assert _saved(client, page) == [
        ["250", 250.0, "prevention"],
        ["500", 500.0, "adult-social-care"],
        ["250", 250.0, "hospital"],
    ]


def test_update_totals_keeps_every_value_and_saves_nothing(client, page):
    data = _form({"prevention": "24.5", "hospital": "oops"}, budget_action="update")
    html = _post(client, page, data).content.decode()
    assert 'value="24.5"' in html and 'value="oops"' in html
    assert "Enter a number, like 1250." in html
    assert _saved(client, page) is None
    data = _form({"prevention": "15.0"}, budget_action="update")
    html = _post(client, page, data).content.decode()
    assert "Total: <strong data-budget-total>£95.0m</strong>" in html
    assert "Left to share out: <strong data-budget-left>£5.0m</strong>" in html
    # Prevention cut by £5.0m: 0.6 of it on adult social care in year 2, 0.4 on hospitals in 3.
    assert "Adult social care: £3.0m more demand" in html
    assert "Hospital care: £2.0m more demand" in html


def test_balance_the_rest_moves_only_untouched_lines(client, page):
    data = _form({"prevention": "30.0"}, budget_action="balance")
    data[f"{NAME}-keep"] = "hospital"
    html = _post(client, page, data).content.decode()
    # Prevention was changed and hospital kept: only adult social care may move.
    assert re.search(rf'name="{NAME}-line-adult-social-care"[^>]* value="40.0"', html)
    assert re.search(rf'name="{NAME}-line-hospital"[^>]* value="30.0"', html)
    assert re.search(rf'name="{NAME}-line-prevention"[^>]* value="30.0"', html)
    assert "We moved Adult social care to balance your budget" in html
    assert _saved(client, page) is None


def test_balance_the_rest_says_which_lines_to_change_when_it_cannot(client, page):
    data = _form({"prevention": "40.0", "hospital": "50.0"}, budget_action="balance")
    html = _post(client, page, data).content.decode()
    assert "We could not balance your budget." in html
    assert "lower Prevention, Hospital care by £30.0m in all" in html


def _refused(client, page, data):
    response = _post(client, page, data)
    assert response.status_code == 200
    assert _saved(client, page) is None
    assert not Answer.objects.exists() and not Response.objects.exists()
    return response.content.decode()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-5", "The amount cannot be negative."),
        ("twenty", "Enter a number, like 1250."),
        ("NaN", "Enter a number, like 1250."),
        ("inf", "Enter a number, like 1250."),
        ("1e3", "Enter a number, like 1250."),
        ("9" * 40, "That amount is too large."),
        ("20.05", "Use at most 1 decimal place."),
        ("", "Enter an amount."),
    ],
)
def test_hostile_amounts_get_a_clear_error_next_to_the_line(client, page, typed, message):
    html = _refused(client, page, _form({"prevention": typed}))
    assert f'id="{NAME}-line-prevention-error"' in html
    assert message in html


def test_a_missing_line_is_refused(client, page):
    data = _form()
    del data[f"{NAME}-line-hospital"]
    html = _refused(client, page, data)
    assert f'id="{NAME}-line-hospital-error"' in html


@pytest.mark.parametrize("extra", ["libraries", "unallocated"])
def test_an_extra_line_or_a_line_of_another_exercise_is_refused(client, page, extra):
    html = _refused(client, page, _form(**{f"{NAME}-line-{extra}": "0"}))
    assert f"This form has lines that are not in this budget ({extra})" in html


def test_a_tampered_envelope_is_refused(client, page):
    html = _refused(client, page, _form(**{f"{NAME}-envelope": "200.0"}))
    assert "The budget&#x27;s total has changed; reload the page and try again." in html


@pytest.mark.parametrize(
    ("amounts", "message"),
    [
        ({"prevention": "4.5", "hospital": "45.5"}, "Prevention must be at least £5.0m."),
        ({"prevention": "40.5", "hospital": "9.5"}, "Prevention can be at most £40.0m."),
        ({"prevention": "20.2", "hospital": "29.8"}, "Prevention moves in steps of £0.5m"),
        (
            {"adult-social-care": "39.0", "hospital": "41.0"},
            "Adult social care cannot go below £40.0m: the Care Act 2014 duty",
        ),
        ({"hospital": "31.0"}, "you are £1.0m over"),
    ],
)
def test_every_line_rule_is_enforced_by_the_server(client, page, amounts, message):
    assert message in _refused(client, page, _form(amounts))


def _page_with(home_page, **budget):
    return make_budget_consultation(home_page, budget=care_budget_value(**budget))


def test_within_a_tolerance(client, home_page):
    page = _page_with(home_page, rule="tolerance", tolerance="2.0")
    assert "within £2.0m of £100.0m" in _refused(client, page, _form({"hospital": "32.5"}))
    assert _post(client, page, _form({"hospital": "32.0"})).status_code == 302


def test_under_spending_is_allowed_only_where_the_rule_says(client, home_page):
    page = _page_with(home_page, rule="underspend")
    assert "more than the £100.0m available" in _refused(client, page, _form({"hospital": "31"}))
    assert _post(client, page, _form({"hospital": "20.0"})).status_code == 302


def test_a_minimum_share(client, home_page):
    page = _page_with(home_page, rule="min_share", min_share="90")
    assert "allocate at least £90.0m" in _refused(client, page, _form({"hospital": "15.0"}))
    assert _post(client, page, _form({"hospital": "20.0"})).status_code == 302


def test_the_revenue_side_grows_the_envelope_and_is_checked(client, home_page):
    page = _page_with(home_page, revenue=precept_revenue())
    revenue = f"{NAME}-revenue"
    assert "Choose one of the offered changes." in _refused(client, page, _form(**{revenue: "0.7"}))
    assert "Choose one of the offered changes." in _refused(client, page, _form(**{revenue: "9"}))
    assert "Choose one of the council tax bands" in _refused(
        client, page, _form(**{revenue: "0", f"{NAME}-band": "Z"})
    )
    response = _post(
        client, page, _form({"hospital": "31.0"}, **{revenue: "0.5", f"{NAME}-band": "D"})
    )
    assert response.status_code == 302
    assert _saved(client, page)[3:] == [["0.5", 0.5, "_revenue"], ["D", None, "_band"]]


def test_a_fractional_penny_is_refused_in_a_budget_of_whole_pounds(client, home_page):
    lines = [budget_line("a", "A", "60", "0", "100"), budget_line("b", "B", "40", "0", "100")]
    page = _page_with(home_page, unit="£", decimals=0, total="100", lines=lines, knock_ons=[])
    data = {f"{NAME}-line-a": "59.99", f"{NAME}-line-b": "40.01", f"{NAME}-envelope": "100"}
    assert "Use whole numbers only." in _refused(client, page, data)
