"""The home page's HTML is cached for anonymous visitors, and never serves stale lists."""

import pytest
from django.test import Client

from tests.consultations.factories import make_consultation

pytestmark = pytest.mark.django_db


def test_a_warm_anonymous_home_page_renders_nothing_again(home_page, django_assert_num_queries):
    make_consultation(home_page, title="Respite survey")
    client = Client()
    first = client.get("/").content
    with django_assert_num_queries(1):
        again = client.get("/")
    assert again.content == first and b"Respite survey" in first


def test_a_newly_published_consultation_shows_at_once(home_page):
    client = Client()
    client.get("/")
    make_consultation(home_page, title="Carers' breaks")
    assert "Carers&#x27; breaks" in client.get("/").content.decode()


def test_a_signed_in_visitor_gets_their_own_page(home_page, make_user):
    client = Client()
    client.get("/")
    client.force_login(make_user(first_name="Rosa"))
    html = client.get("/").content.decode()
    assert "Sign out" in html and "csrfmiddlewaretoken" in html


def test_a_waiting_message_is_shown_not_cached_away(home_page, make_user):
    client = Client()
    client.get("/")
    client.force_login(make_user())
    client.post("/accounts/logout/")
    html = client.get("/").content.decode()
    assert "signed out" in html.lower()
    assert "signed out" not in client.get("/").content.decode().lower()
