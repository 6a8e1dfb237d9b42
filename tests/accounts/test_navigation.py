"""The service navigation in the header shows the sections each role may use."""

import re

import pytest
from django.urls import reverse

from accounts.models import Role
from tests.analysis.factories import with_mfa

pytestmark = pytest.mark.django_db

ALL = ["Home", "Your account", "Assemblies", "Analysis", "Live sessions", "CMS"]
EXPECTED = {
    None: ["Home"],
    Role.RESIDENT: ["Home", "Your account"],
    Role.MEMBER: ["Home", "Your account", "Live sessions"],
    Role.FACILITATOR: ["Home", "Your account", "Live sessions"],
    Role.MODERATOR: ["Home", "Your account"],
    Role.COMMISSIONER: ["Home", "Your account", "Analysis"],
    Role.ORGANISER: ["Home", "Your account", "Assemblies", "Analysis", "CMS"],
}


def _nav(html: str) -> list[tuple[str, str]]:
    block = re.search(r'<ul class="govuk-service-navigation__list".*?</ul>', html, re.S).group(0)
    link = r'<a class="govuk-service-navigation__link" href="([^"]*)"[^>]*>(.*?)</a>'
    links = re.findall(link, block)
    return [(href, re.sub(r"<[^>]+>", "", text).strip()) for href, text in links]


@pytest.mark.parametrize("role", list(EXPECTED), ids=lambda r: r or "anonymous")
def test_navigation_shows_the_sections_of_the_role(client, make_user, home_page, role):
    if role is not None:
        user = make_user(role=role, target=None if role == Role.RESIDENT else home_page)
        client.force_login(with_mfa(user))
    items = _nav(client.get("/").content.decode())
    labels = [label for _href, label in items if label in ALL]
    assert labels == EXPECTED[role]
    hrefs = {label: href for href, label in items}
    expected_hrefs = {
        "Your account": reverse("accounts:profile"),
        "Assemblies": reverse("assembly:index"),
        "Analysis": reverse("analysis:run_list"),
        "Live sessions": reverse("accounts:profile") + "#live-sessions",
        "CMS": "/cms/",
    }
    for label in labels[1:]:
        assert hrefs[label] == expected_hrefs[label]


def test_every_navigation_link_opens_for_its_role(client, make_user, home_page):
    organiser = with_mfa(make_user(role=Role.ORGANISER, target=home_page))
    client.force_login(organiser)
    for href, label in _nav(client.get("/").content.decode()):
        if label in ALL:
            response = client.get(href)
            assert response.status_code in (200, 302), (label, response.status_code)
            if label != "CMS":
                assert response.status_code == 200, label


def test_the_current_section_is_marked(client, make_user, home_page):
    client.force_login(with_mfa(make_user(role=Role.COMMISSIONER, target=home_page)))
    html = client.get(reverse("analysis:run_list")).content.decode()
    active = re.findall(
        r'govuk-service-navigation__item--active">\s*<a[^>]*aria-current="page"[^>]*>(.*?)</a>',
        html,
        re.S,
    )
    assert [re.sub(r"<[^>]+>", "", a).strip() for a in active] == ["Analysis"]


def test_live_sessions_link_lands_on_the_sessions_list(client, make_user, live_session):
    member = make_user(role=Role.MEMBER, target=live_session)
    client.force_login(member)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert 'id="live-sessions"' in html
    assert live_session.get_absolute_url() in html
