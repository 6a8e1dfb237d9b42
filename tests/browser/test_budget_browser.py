"""The care budget in a real browser: residents, organisers and staff, with axe."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from consultations.budget import budget_exercise
from consultations.budget_demo import demo_care_budget
from consultations.models import ConsultationPage, Response
from consultations.questions.budget_answers import line_field
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
    # Wagtail autosaves the new page as a draft and moves the form to its edit URL.
    # Publishing before that lands would post to the add view a second time, so wait.
    expect(page).to_have_url(re.compile(r"/cms/pages/\d+/edit/"), timeout=15_000)
    expect(page.locator(".w-autosave-indicator")).not_to_have_attribute(
        "data-w-autosave-state-value", "saving"
    )
    page.locator("footer .dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("has been published")).to_be_visible()
    created = ConsultationPage.objects.get(title="Create a care budget for Tendring")
    assert created.live
    budget = next(s for s in created.specs() if s.kind == "budget")
    assert [line["reference"] for line in budget.budget["lines"]] == ["hospital", "prevention"]
    assert budget.budget["total"] == 1000  # £100m at one decimal place


@pytest.fixture
def budget(home_page, live_server):
    """The demo exercise (nine lines in £m, council tax, a why per line) on a live server."""
    page = demo_care_budget(consultation_index(home_page), scale=0.02)
    spec = next(s for s in page.specs() if s.kind == "budget")
    return live_server.url, page, spec


def _amounts(page, spec):
    exercise = budget_exercise(spec)
    return {
        ref: Decimal(page.input_value(f"#{line_field(spec, ref)}")) for ref in exercise.references
    }


def _finish(page, axe_check):
    page.get_by_role("button", name="Continue").click()  # the budget page
    assert "About you" in page.content()
    assert axe_check(page) == []
    page.get_by_role("button", name="Continue").click()  # the voluntary questions
    assert "Check your answers" in page.content()
    assert axe_check(page) == []
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Send my answers").click()
    assert "Your answers have been sent" in page.content()
    assert axe_check(page) == []


def test_resident_completes_the_budget_without_javascript(page_without_js, budget, axe_check):
    page = page_without_js
    base, consultation, spec = budget
    before = Response.objects.filter(status="submitted").count()
    page.goto(base + consultation.url)
    assert axe_check(page) == []
    page.get_by_role("button", name="Start now").click()
    assert axe_check(page) == []
    prevention = f"#{line_field(spec, 'prevention')}"
    page.fill(prevention, "60")
    page.get_by_role("button", name="Update totals").click()
    # The value is kept, and the totals say it is £10m over.
    assert Decimal(page.input_value(prevention)) == 60
    totals = page.locator("[data-budget-live]").inner_text()
    assert "£1,010.0m" in totals
    assert axe_check(page) == []
    page.get_by_role("button", name="Balance the rest for me").click()
    amounts = _amounts(page, spec)
    assert amounts["prevention"] == 60 and sum(amounts.values()) == 1000
    assert axe_check(page) == []
    page.get_by_label("Why did you choose this budget?").fill(
        "Prevention keeps people out of hospital."
    )
    _finish(page, axe_check)
    assert Response.objects.filter(status="submitted").count() == before + 1
    sent = Response.objects.filter(status="submitted").latest("submitted_at")
    assert sent.round == "after"
    stored = {a.row: a.value for a in sent.answers.filter(question_id=spec.id)}
    assert stored["prevention"] == "600"
    assert sum(int(v) for k, v in stored.items() if not k.startswith("_")) == 10000


def test_resident_completes_the_budget_with_javascript_sliders_and_live_totals(
    page, budget, axe_check
):
    base, consultation, spec = budget
    page.goto(base + consultation.url + "step/0/")
    live = page.locator("[data-budget-live]")
    assert live.get_attribute("aria-live") == "polite"
    page.locator(f"#{line_field(spec, 'prevention')}-slider").focus()
    for _ in range(10):  # ten steps of £1m up
        page.keyboard.press("ArrowRight")
    assert Decimal(page.input_value(f"#{line_field(spec, 'prevention')}")) == 60
    expect(live).to_contain_text("Total: £1,010.0m. Over the total by £10.0m.")
    page.locator(f"#{line_field(spec, 'hospital')}-slider").focus()
    for _ in range(10):
        page.keyboard.press("ArrowLeft")
    expect(live).to_contain_text("Left to share out: £0.0m. Your budget meets")
    assert axe_check(page) == []
    _finish(page, axe_check)
    sent = Response.objects.filter(status="submitted", user=None).latest("submitted_at")
    stored = {a.row: a.value for a in sent.answers.filter(question_id=spec.id)}
    assert (stored["prevention"], stored["hospital"]) == ("600", "2300")


def _tab_to(page, text, limit=200):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == text:
            return
    raise AssertionError(f"{text!r} not reached by Tab")


def test_resident_sets_a_budget_by_keyboard_alone(page, budget):
    base, consultation, spec = budget
    page.goto(base + consultation.url + "step/0/")
    page.focus(f"#{line_field(spec, 'community')}")
    page.keyboard.press("Control+A")
    page.keyboard.type("100")
    page.keyboard.press("Tab")  # leaves the field; the keep tick is next
    page.keyboard.press("Space")  # keep £100m for community services
    _tab_to(page, "Balance the rest for me")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    amounts = _amounts(page, spec)
    assert amounts["community"] == 100 and sum(amounts.values()) == 1000
    _tab_to(page, "Continue")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/step/1/" in page.url


def test_budget_page_fits_320_css_pixels_without_horizontal_scroll(browser, budget, axe_check):
    base, consultation, _ = budget
    context = browser.new_context(viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        for path in ("", "step/0/"):
            page.goto(base + consultation.url + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 320, f"{path or 'start'}: {width} px wide"
        assert axe_check(page) == []
    finally:
        context.close()


def test_staff_key_in_a_paper_budget_for_the_first_round(page, budget, make_user, axe_check):
    base, consultation, spec = budget
    organiser = with_mfa(make_user(role=Role.ORGANISER, target=consultation))
    _sign_in(page, base, organiser)
    page.goto(base + consultation.url + "enter/")
    assert axe_check(page) == []
    page.get_by_label("Paper form").check()
    page.get_by_label("Before the assembly").check()
    page.fill(f"#{line_field(spec, 'prevention')}", "55")
    page.fill(f"#{line_field(spec, 'hospital')}", "235")
    page.get_by_role("button", name="Save and enter another").click()
    assert "Response saved" in page.content()
    assert axe_check(page) == []
    entered = Response.objects.filter(entered_by=organiser).get()
    assert (entered.channel, entered.round) == ("paper", "before")
    rows = {a.row: a.value for a in entered.answers.filter(question_id=spec.id)}
    assert (rows["prevention"], rows["hospital"]) == ("550", "2350")
