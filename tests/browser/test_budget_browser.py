"""The care budget in a real browser: residents, organisers and staff, with axe."""

import pytest

from accounts.models import Role
from consultations.models import ConsultationPage
from tests.analysis.factories import with_mfa
from tests.browser.test_staff_home_browser import _sign_in
from tests.consultations.factories import consultation_index

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINE = "#questions-0-value-lines-{n}-value-{field}"


def _fill_line(page, n, reference, name, current):
    for field, value in (
        ("reference", reference),
        ("name", name),
        ("current", current),
        ("minimum", "0"),
        ("maximum", "100"),
        ("step", "1"),
    ):
        page.fill(LINE.format(n=n, field=field), value)


def test_an_organiser_builds_a_budget_question_in_the_cms_and_publishes_it(
    page, home_page, live_server, make_user
):
    base = live_server.url
    index = consultation_index(home_page)
    organiser = with_mfa(make_user(role=Role.ORGANISER, target=home_page, is_staff=True))
    _sign_in(page, base, organiser)
    page.goto(f"{base}/cms/pages/add/consultations/consultationpage/{index.pk}/")
    page.fill("#id_title", "Create a care budget for Tendring")
    page.fill("#id_summary", "Share out £10 million for care.")
    page.locator("[data-contentpath='questions'] button[title='Insert a block']").first.click()
    page.get_by_role("option", name="Budget allocation").click()
    page.fill("#questions-0-value-reference", "tendring-budget")
    page.fill("#questions-0-value-total", "100")
    _fill_line(page, 0, "prevention", "Prevention", "40")
    lines = page.locator("[data-contentpath='lines']")
    lines.locator("button[title='Add']").first.click()  # a new line, above the first
    _fill_line(page, 1, "hospital", "Hospital care", "60")
    page.get_by_role("tab", name="Promote").click()
    page.fill("#id_slug", "tendring-care-budget")
    page.get_by_role("tab", name="Settings").click()
    page.fill("#id_data_controller", "Essex County Council")
    page.fill("#id_privacy_summary", "Planning care. Public task. Two years.")
    page.locator("footer .dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
    page.get_by_role("button", name="Publish").click()
    page.wait_for_load_state()
    created = ConsultationPage.objects.get(title="Create a care budget for Tendring")
    assert created.live
    budget = next(s for s in created.specs() if s.kind == "budget")
    assert [line["reference"] for line in budget.budget["lines"]] == ["hospital", "prevention"]
    assert budget.budget["total"] == 1000  # £100m at one decimal place
