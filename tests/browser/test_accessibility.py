"""Every main page passes axe (WCAG 2.2 A/AA), works by keyboard and without JavaScript."""

import pytest

from accounts.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(home_page, live_server):
    return live_server.url


def _sign_in(page, base, user, password):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_login", user.email)
    page.fill("#id_password", password)
    page.click("form button[type=submit]")


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/accessibility-statement/",
        "/privacy-notice/",
        "/no-such-page/",
    ],
)
def test_public_pages_pass_axe(page, site, axe_check, path):
    page.goto(site + path)
    assert axe_check(page) == []


def test_signup_errors_pass_axe_and_keep_what_was_typed(page, site, axe_check):
    page.goto(f"{site}/accounts/signup/")
    page.fill("#id_email", "typed@example.org")
    page.fill("#id_password1", "short")
    page.fill("#id_password2", "other")
    page.click("form button[type=submit]")
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.input_value("#id_email") == "typed@example.org"
    assert axe_check(page) == []


def test_signed_in_pages_pass_axe(page, site, axe_check, make_user, password, live_session):
    member = make_user(role=Role.MEMBER, target=live_session)
    _sign_in(page, site, member, password)
    for path in ("/", "/account/", live_session.get_absolute_url(), "/account/delete/"):
        page.goto(site + path)
        assert axe_check(page) == [], path


def test_skip_link_is_first_on_tab_and_moves_focus_to_main(page, site):
    page.goto(site + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main-content"


def test_sign_in_and_post_a_statement_by_keyboard_without_javascript(
    page_without_js, site, make_user, password, live_session
):
    page = page_without_js
    member = make_user(role=Role.MEMBER, target=live_session)
    page.goto(f"{site}/accounts/login/")
    page.focus("#id_login")
    page.keyboard.type(member.email)
    # Tab on, past the "forgot your password?" link in the hint, to the password.
    for _ in range(3):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_password":
            break
    assert page.evaluate("document.activeElement.id") == "id_password"
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site}/account/")
    page.goto(site + live_session.get_absolute_url())
    page.focus("#id_text")
    page.keyboard.type("Said without a mouse or scripts")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Said without a mouse or scripts" in page.content()
