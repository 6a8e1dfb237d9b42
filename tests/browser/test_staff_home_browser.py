"""Staff homes and the People and roles page in a real browser, with axe."""

import re

import pytest
from django.conf import settings
from django.test import Client

from accounts.models import Role, RoleInvitation
from accounts.selectors import user_has_role_on
from tests.analysis.factories import with_mfa
from tests.assembly.factories import AssemblyPageFactory
from tests.consultations.factories import make_consultation
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(home_page, live_server):
    return live_server.url


def _sign_in(page, base, user):
    """Share a signed-in session with the browser (the TOTP step is tested elsewhere)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.clear_cookies()
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])


@pytest.mark.parametrize("role", [Role.ORGANISER, Role.COMMISSIONER, Role.MEMBER, Role.RESIDENT])
def test_each_roles_account_home_passes_axe(page, site, make_user, home_page, axe_check, role):
    make_consultation(home_page)
    assembly = AssemblyPageFactory()
    target = None if role == Role.RESIDENT else (assembly if role == Role.MEMBER else home_page)
    _sign_in(page, site, with_mfa(make_user(role=role, target=target)))
    page.goto(f"{site}/account/")
    assert page.get_by_role("heading", name="Your account", level=1).is_visible()
    assert axe_check(page) == []


def test_people_page_invite_error_and_remove_by_keyboard_without_javascript(
    page_without_js, site, make_user, home_page, axe_check, mailoutbox
):
    page = page_without_js
    assembly = AssemblyPageFactory(title="Care assembly")
    organiser = with_mfa(make_user(role=Role.ORGANISER, target=assembly))
    make_user(role=Role.COMMISSIONER, target=assembly, email="chris@example.org")
    _sign_in(page, site, organiser)
    # From the organiser's home to the page.
    page.goto(f"{site}/account/")
    page.get_by_role("link", name=re.compile(r"^People and roles\W+Care assembly$")).click()
    assert page.get_by_role("heading", name="People and roles").is_visible()
    assert axe_check(page) == []

    # An error keeps what was typed, and the page still passes axe.
    page.fill("#id_email", "not an email")
    page.get_by_label("Facilitator").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Send the invitation").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.input_value("#id_email") == "not an email"
    assert page.get_by_label("Facilitator").is_checked()
    assert axe_check(page) == []

    # By keyboard: type the address, choose a role with the arrow keys, send.
    page.fill("#id_email", "")
    page.focus("#id_email")
    page.keyboard.type("femi@example.org")
    page.focus("#id_role")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Send the invitation"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    invitation = RoleInvitation.objects.get()
    assert invitation.role == Role.FACILITATOR
    assert page.get_by_role("row", name=re.compile("femi@example.org")).is_visible()
    assert axe_check(page) == []

    # Remove the commissioner.
    with page.expect_navigation():
        page.get_by_role("button", name="Remove chris@example.org as commissioner").click()
    assert "is no longer a commissioner" in page.content()
    assert axe_check(page) == []

    # The invitee accepts by link.
    link = re.search(r"https?://\S+/account/invitations/\S+/", mailoutbox[0].body).group(0)
    invitee = UserFactory(email="femi@example.org")
    _sign_in(page, site, invitee)
    page.goto(site + "/" + link.split("://", 1)[1].split("/", 1)[1])
    assert axe_check(page) == []
    with page.expect_navigation():
        page.get_by_role("button", name="Accept: become a facilitator").click()
    assert user_has_role_on(invitee, Role.FACILITATOR, assembly)
    assert "You are now a facilitator of Care assembly" in page.content()
