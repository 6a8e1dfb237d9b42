"""The home page's shared lists are cached, and change on publish, unpublish and opening times."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.consultations.factories import make_consultation

pytestmark = pytest.mark.django_db


def test_a_published_or_unpublished_consultation_shows_on_the_next_home_page(client, home_page):
    assert "Nothing is open here" in client.get("/").content.decode()
    page = make_consultation(home_page, title="Respite survey")
    assert "Respite survey" in client.get("/").content.decode()
    page.unpublish()
    assert "Respite survey" not in client.get("/").content.decode()


def test_an_opening_time_passing_changes_the_list(client, home_page, monkeypatch):
    start = timezone.now()
    make_consultation(home_page, title="Day centres survey", opens_at=start + dt.timedelta(hours=1))
    assert "Day centres survey" not in client.get("/").content.decode()
    monkeypatch.setattr(timezone, "now", lambda: start + dt.timedelta(hours=2))
    assert "Day centres survey" in client.get("/").content.decode()


def test_the_lists_are_cached_between_requests(client, home_page):
    make_consultation(home_page, title="Respite survey")
    client.get("/")
    from consultations import selectors

    calls = []
    original = selectors.open_for_home
    selectors.open_for_home = lambda **kw: calls.append(kw) or original(**kw)
    try:
        assert "Respite survey" in client.get("/").content.decode()
    finally:
        selectors.open_for_home = original
    assert calls == []
