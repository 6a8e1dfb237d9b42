"""Under the Content-Security-Policy, pages and the Wagtail admin run with no violation."""

import pytest
from django.conf import settings
from django.test import Client

from tests.analysis.factories import make_answered_survey, make_run, with_mfa
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCH = """() => {
  window.__csp = [];
  document.addEventListener("securitypolicyviolation", (e) =>
    window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
}"""


def _watch(page):
    """Record violations, and console errors that mention the policy, on every page."""
    page.add_init_script(script=f"({WATCH})()")
    errors = []
    page.on(
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error" and "Content Security Policy" in m.text
            else None
        ),
    )
    return errors


def _violations(page):
    page.wait_for_load_state("networkidle")
    return page.evaluate("window.__csp || []")


def _sign_in(page, base, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])


def test_site_pages_run_without_violations(page, home_page, live_server):
    errors = _watch(page)
    survey = make_answered_survey(home_page)
    run = make_run(survey)
    admin = with_mfa(UserFactory(is_superuser=True, is_staff=True))
    _sign_in(page, live_server.url, admin)
    for path in (
        "/",
        survey.url,
        survey.url + "step/0/",
        f"/analysis/runs/{run.pk}/",
        f"/analysis/runs/{run.pk}/crosstab/",
    ):
        response = page.goto(live_server.url + path)
        assert response.ok, path
        assert "'self'" in response.headers["content-security-policy"]
        assert _violations(page) == [], path
    # Scripts did run: GOV.UK Frontend marks the body.
    assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
    assert errors == []


def test_wagtail_admin_works_under_its_relaxed_policy(page, home_page, live_server):
    errors = _watch(page)
    admin = with_mfa(UserFactory(is_superuser=True, is_staff=True))
    _sign_in(page, live_server.url, admin)
    for path in ("/cms/", "/cms/pages/", f"/cms/pages/{home_page.pk}/edit/", "/cms/snippets/"):
        response = page.goto(live_server.url + path)
        assert response.ok, path
        assert _violations(page) == [], path
    page.goto(f"{live_server.url}/cms/pages/{home_page.pk}/edit/")
    page.get_by_role("button", name="Save draft").first.click()
    page.wait_for_load_state("networkidle")
    assert "has been updated" in page.content() or "saved" in page.content().lower()
    assert errors == []
