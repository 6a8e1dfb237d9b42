"""A resident answers a consultation in a real browser: with and without JavaScript."""

import pytest

from consultations.models import Answer, Response
from tests.consultations.factories import make_consultation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def survey(home_page, live_server):
    return live_server.url, make_consultation(home_page)


def _answer(page, base, survey_page):
    page.goto(base + survey_page.url)
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("Yes").first.check()
    page.fill("#q-q-help", "Someone to sit with my dad")
    page.get_by_label("GP").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()  # the consent is required
    assert page.locator(".govuk-error-summary").is_visible()
    _finish(page)


def _finish(page):
    page.get_by_label("I agree that my answers are used as described").check()
    page.fill("#q-q-postcode", "cm1 1aa")
    page.get_by_role("button", name="Continue").click()
    assert "Check your answers" in page.content()
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Send my answers").click()
    assert "Your answers have been sent" in page.content()


def test_resident_completes_a_survey_without_javascript(page_without_js, survey, axe_check):
    base, survey_page = survey
    _answer(page_without_js, base, survey_page)
    assert Response.objects.filter(status="submitted").count() == 1
    assert Answer.objects.filter(question_id="q-postcode", value="CM1 1AA").exists()


def test_resident_completes_a_survey_with_javascript_and_pages_pass_axe(page, survey, axe_check):
    base, survey_page = survey
    page.goto(base + survey_page.url)
    assert axe_check(page) == []
    page.goto(base + survey_page.url + "step/0/")
    assert axe_check(page) == []
    # With JavaScript the conditional question hides until "Yes" is chosen.
    assert not page.locator("#group-q-q-help").is_visible()
    page.get_by_label("Yes").first.check()
    assert page.locator("#group-q-q-help").is_visible()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Continue").click()
    assert axe_check(page) == []  # the error state too
    _finish(page)
    assert Response.objects.filter(status="submitted").count() == 1


def test_survey_by_keyboard_alone(page, survey):
    base, survey_page = survey
    page.goto(base + survey_page.url + "step/0/")
    page.focus("#q-q-carer-0")
    page.keyboard.press("Space")  # choose "Yes"
    page.keyboard.press("Tab")
    page.keyboard.type("Help with shopping")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Continue":
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/step/1/" in page.url
