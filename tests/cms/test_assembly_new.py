"""Organisers start new assemblies on our own page, without any rights on the home page."""

import pytest
from django.urls import reverse

from accounts.models import Role
from assembly.models import AssemblyPage
from tests.cms.test_page_permissions import assert_refused
from tests.consultations.factories import make_consultation

pytestmark = pytest.mark.django_db

URL = "/assemblies/new/"


def test_an_organiser_starts_a_draft_assembly_and_edits_only_it_in_the_cms(home_page, staff_client):
    client = staff_client(Role.ORGANISER, make_consultation(home_page))
    data = {"title": "Caring Essex: Youth Assembly", "question": "What would help young carers?"}
    response = client.post(URL, data)
    page = AssemblyPage.objects.get(title=data["title"])
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert not page.live and page.slug == "caring-essex-youth-assembly"
    assert page.get_parent().pk == home_page.pk
    assert client.user.has_perm("assembly.manage", page)
    assert client.get(response["Location"]).status_code == 200
    assert_refused(client.get(reverse("wagtailadmin_pages:edit", args=[home_page.pk])))
    again = client.post(URL, data)
    assert again.status_code == 302
    assert AssemblyPage.objects.filter(slug="caring-essex-youth-assembly-2").exists()


def test_a_blank_name_is_refused_and_keeps_the_question(home_page, staff_client):
    client = staff_client(Role.ORGANISER, make_consultation(home_page))
    response = client.post(URL, {"title": "  ", "question": "What would help?"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body and "What would help?" in body
    assert not AssemblyPage.objects.exists()


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.RESIDENT])
def test_only_organisers_start_assemblies(role, home_page, staff_client):
    client = staff_client(role, make_consultation(home_page))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"title": "Mine", "question": "Why?"}).status_code == 403
    assert not AssemblyPage.objects.exists()
