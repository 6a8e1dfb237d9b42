import logging

import pytest
from django.test import Client, override_settings

from accounts.models import Role

pytestmark = pytest.mark.django_db


def test_home_page_lists_open_live_sessions_the_user_may_join(
    client, home_page, make_user, live_session_factory
):
    mine = live_session_factory(title="Carers' breaks: what matters?")
    live_session_factory(title="A session for another panel")
    client.force_login(make_user(role=Role.MEMBER, target=mine))
    html = client.get("/").content.decode()
    assert home_page.title in html
    assert "Carers&#x27; breaks: what matters?" in html
    assert "A session for another panel" not in html


def test_home_page_has_skip_link_header_and_footer_pages(client, home_page):
    html = client.get("/").content.decode()
    assert 'href="#main-content"' in html
    assert 'id="main-content"' in html
    assert "Accessibility statement" in html
    assert "Privacy notice" in html
    assert "js/js-enabled.js" in html
    assert "<script>" not in html  # no inline scripts
    assert "Sign in" in html


def test_footer_pages_render(client, home_page):
    assert client.get("/accessibility-statement/").status_code == 200
    assert "special-category" in client.get("/privacy-notice/").content.decode()


def test_unknown_url_gives_styled_404(client, home_page):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "govuk-template" in response.content.decode()


@override_settings(DEBUG=False)
def test_server_error_gives_styled_500_and_is_logged(home_page, caplog, monkeypatch):
    from home.models import HomePage

    def boom(self, request, *args, **kwargs):
        raise RuntimeError("kaboom in a page")

    monkeypatch.setattr(HomePage, "get_context", boom)
    client = Client(raise_request_exception=False)
    logger = logging.getLogger("django.request")  # does not propagate to the root
    logger.addHandler(caplog.handler)
    try:
        response = client.get("/")
    finally:
        logger.removeHandler(caplog.handler)
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
    assert any("kaboom in a page" in str(r.exc_info) for r in caplog.records if r.exc_info)


def test_health_check(client):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_site_setup_is_idempotent(home_page):
    from home.models import HomePage, StandardPage
    from home.services import site_setup

    site_setup()
    assert HomePage.objects.count() == 1
    assert StandardPage.objects.count() == 2
