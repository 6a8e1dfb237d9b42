"""A budget question's results page, with a group filter and a breakdown, passes axe."""

import pytest

from accounts.models import Role
from tests.browser.test_consultation_staff_browser import _sign_in
from tests.consultations.factories import make_budget_consultation
from tests.consultations.test_budget_results_page import PAPER, PHONE, _submit
from tests.consultations.test_results_views import with_mfa

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def budget_page(home_page, live_server):
    consultation = make_budget_consultation(home_page, suppression_threshold=3)
    for _ in range(4):
        _submit(consultation, PAPER, channel="paper")
        _submit(consultation, PHONE, channel="phone")
    return live_server.url, consultation


def test_budget_results_with_distribution_tables_filter_and_breakdown_pass_axe(
    page, budget_page, make_user, axe_check
):
    base, consultation = budget_page
    _sign_in(page, base, with_mfa(make_user(role=Role.ORGANISER, target=consultation)))
    page.goto(base + consultation.url + "results/")
    assert page.get_by_role("table", name="Create a care budget: Everyone (8 people)").is_visible()
    assert axe_check(page) == []
    page.get_by_text("Prevention", exact=True).first.click()  # a distribution's details
    assert axe_check(page) == []
    page.get_by_label("Show answers from").select_option("channel:paper")
    page.get_by_role("button", name="Show").click()
    assert "Showing answers from" in page.content() and "£30.0m to £30.0m" in page.content()
    assert axe_check(page) == []
    page.get_by_label("Show answers from").select_option("")
    page.get_by_label("Break down by").select_option("channel")
    page.get_by_role("button", name="Show").click()
    assert "Create a care budget: Phone (4 people)" in page.content()
    assert axe_check(page) == []
