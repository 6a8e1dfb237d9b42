"""budget.mjs: sliders beside the amounts and a polite live summary; no sideways scroll."""

import pytest
from playwright.sync_api import expect

from tests.consultations.factories import BUDGET_BLOCK_ID, make_budget_consultation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FIELD = f"#q-{BUDGET_BLOCK_ID}-line-"


@pytest.fixture
def budget_url(home_page, live_server):
    return live_server.url + make_budget_consultation(home_page).url + "step/0/"


def test_sliders_move_the_amounts_and_the_live_region_says_the_totals(page, budget_url, axe_check):
    page.goto(budget_url)
    slider = page.locator(f"{FIELD}prevention-slider")
    assert slider.get_attribute("type") == "range"
    assert (slider.get_attribute("min"), slider.get_attribute("step")) == ("50", "5")
    slider.focus()
    for _ in range(10):  # ten steps of £0.5m up, by keyboard
        page.keyboard.press("ArrowRight")
    assert page.input_value(f"{FIELD}prevention") == "25.0"
    live = page.locator("[data-budget-live]")
    assert live.get_attribute("aria-live") == "polite"
    expect(live).to_contain_text("Total: £105.0m. Over the total by £5.0m.")
    page.fill(f"{FIELD}adult-social-care", "44.0")
    expect(live).to_contain_text("Adult social care: Waiting lists for assessments grow.")
    page.fill(f"{FIELD}hospital", "31.0")
    expect(live).to_contain_text("Total: £100.0m. Left to share out: £0.0m. Your budget meets")
    assert page.input_value(f"{FIELD}adult-social-care-slider") == "440"
    assert axe_check(page) == []


def test_at_400_percent_zoom_the_budget_page_does_not_scroll_sideways(browser, budget_url):
    # 1280 CSS pixels at 400 % zoom is a 320-pixel-wide viewport (WCAG 1.4.10 reflow).
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    try:
        page.goto(budget_url)
        assert page.locator(f"{FIELD}hospital-slider").count() == 1
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= 320
    finally:
        context.close()
