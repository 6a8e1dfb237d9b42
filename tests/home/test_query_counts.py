"""The home page's queries, counted, so the figure cannot creep back (13 before issue 13)."""

import pytest
from django.test import Client

from tests.consultations.factories import make_consultation

pytestmark = pytest.mark.django_db


def test_home_page_warm_anonymous_queries(home_page, django_assert_num_queries):
    make_consultation(home_page, title="Respite survey")
    client = Client()
    client.get("/")  # warm: routing, settings and lists cached
    # Session-free anonymous request: page, restrictions, lists and HTML come from the cache.
    with django_assert_num_queries(HOME_QUERIES):
        assert "Respite survey" in client.get("/").content.decode()


HOME_QUERIES = 1
