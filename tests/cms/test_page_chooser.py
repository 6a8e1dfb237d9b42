"""The page chooser lists and finds no draft of a page the editor has no role on."""

import pytest
from django.urls import reverse

from accounts.models import Role
from tests.consultations.factories import make_consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(home_page):
    mine = make_consultation(home_page, title="Survey Mine", slug="survey-mine")
    other_public = make_consultation(home_page, title="Survey Public", slug="survey-public")
    draft = make_consultation(home_page, title="Survey Secret Draft", slug="survey-draft")
    draft.unpublish()
    return mine, other_public, draft


def _browse(client, parent):
    url = reverse("wagtailadmin_choose_page_child", args=[parent.pk])
    return client.get(url).content.decode()


def test_an_organiser_does_not_see_another_pages_draft_in_the_chooser(pages, staff_client):
    mine, other_public, draft = pages
    client = staff_client(Role.ORGANISER, mine)
    listed = _browse(client, mine.get_parent())
    assert "Survey Mine" in listed and "Survey Public" in listed
    assert "Survey Secret Draft" not in listed
    found = client.get(reverse("wagtailadmin_choose_page_search"), {"q": "Survey"})
    assert found.status_code == 200
    body = found.content.decode()
    assert "Survey Mine" in body and "Survey Secret Draft" not in body


def test_an_organiser_of_the_draft_sees_it_in_the_chooser(pages, staff_client):
    _, _, draft = pages
    client = staff_client(Role.ORGANISER, draft)
    assert "Survey Secret Draft" in _browse(client, draft.get_parent())
