"""Starting an assembly and confirming a pool's anonymisation, by keyboard, without
JavaScript, in a real browser with axe (WCAG 2.2 A/AA)."""

from datetime import date
from urllib.parse import urlsplit

import pytest

from accounts.models import Role
from assembly.models import AssemblyPage, Volunteer
from tests.analysis.factories import with_mfa
from tests.assembly.factories import (
    SMALL_SPEC,
    AssemblyPageFactory,
    organiser_of,
    pool_build,
    quotas_build,
)
from tests.browser.test_staff_home_browser import _sign_in
from tests.consultations.factories import make_consultation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
POOL = 12


def _focused_text(page):
    return page.evaluate("document.activeElement.textContent.trim()")


@pytest.fixture
def past_retention(home_page, live_server):
    """A published assembly with a pool whose retention date has passed (set in the
    database, as a publish would only ask for the confirmation this page gives)."""
    assembly = AssemblyPageFactory(panel_size=6, title="Care assembly")
    pool_build(assembly, quotas_build(assembly, SMALL_SPEC), POOL, seed=1)
    AssemblyPage.objects.filter(pk=assembly.pk).update(retention_date=date(2020, 1, 1))
    return live_server.url, assembly


def test_anonymise_confirmation_names_the_count_and_works_by_keyboard_without_javascript(
    page_without_js, past_retention, make_user, axe_check
):
    page = page_without_js
    base, assembly = past_retention
    _sign_in(page, base, organiser_of(make_user, assembly))
    page.goto(f"{base}/assemblies/{assembly.pk}/pool/anonymise/")
    heading = f"Anonymise {POOL} volunteers now?"
    assert page.get_by_role("heading", name=heading, level=1).is_visible()
    assert axe_check(page) == []
    assert not Volunteer.objects.filter(assembly=assembly, anonymised_at__isnull=False).exists()

    # The confirming button and Cancel are reached by Tab, and Enter confirms.
    page.get_by_role("button", name=f"Anonymise {POOL} volunteers now").focus()
    page.keyboard.press("Tab")
    assert _focused_text(page) == "Cancel"
    page.keyboard.press("Shift+Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert f"Anonymising {POOL} volunteers." in page.content()
    assert axe_check(page) == []
    anonymised = Volunteer.objects.filter(assembly=assembly, anonymised_at__isnull=False)
    assert anonymised.count() == POOL


def test_an_organiser_starts_an_assembly_by_keyboard_without_javascript(
    page_without_js, home_page, live_server, make_user, axe_check
):
    page = page_without_js
    base = live_server.url
    organiser = with_mfa(make_user(role=Role.ORGANISER, target=make_consultation(home_page)))
    _sign_in(page, base, organiser)
    page.goto(f"{base}/assemblies/new/")
    assert page.get_by_role("heading", name="Start a new assembly", level=1).is_visible()
    assert axe_check(page) == []

    # Sent without a name: the error is shown, what was typed is kept, axe still passes.
    page.focus("#id_question")
    page.keyboard.type("What would help young carers?")
    page.keyboard.press("Tab")
    assert _focused_text(page) == "Create the draft"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.input_value("#id_question") == "What would help young carers?"
    assert axe_check(page) == []
    assert not AssemblyPage.objects.exists()

    # The summary's link leads to the field; type the name and send by keyboard.
    page.locator(".govuk-error-summary a").first.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#id_title"
    page.focus("#id_title")
    page.keyboard.type("Caring Essex: Youth Assembly")
    page.focus("#id_question")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    created = AssemblyPage.objects.get(title="Caring Essex: Youth Assembly")
    # (The browser keeps the #id_title fragment across the redirect.)
    assert urlsplit(page.url).path == f"/cms/pages/{created.pk}/edit/"
    assert not created.live
