"""The demo organiser edits their own pages in the CMS, and only those."""

import pytest
from django.urls import reverse

from accounts.models import User
from assembly.demo import SLUG as ASSEMBLY_SLUG
from assembly.models import AssemblyPage
from consultations.demo import SURVEY_SLUG
from consultations.models import ConsultationIndexPage, ConsultationPage
from home.models import HomePage
from tests.cms.test_page_permissions import assert_refused

pytestmark = pytest.mark.django_db


def test_demo_organiser_edits_the_survey_and_assembly_but_not_the_home_page(client):
    from home.demo import demo_load

    demo_load()
    client.force_login(User.objects.get(email="organiser@example.org"))
    survey = ConsultationPage.objects.get(slug=SURVEY_SLUG)
    assembly = AssemblyPage.objects.get(slug=ASSEMBLY_SLUG)
    index = ConsultationIndexPage.objects.get()
    for page in (survey, assembly):
        assert client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 200
    add = reverse("wagtailadmin_pages:add", args=["consultations", "consultationpage", index.pk])
    assert client.get(add).status_code == 200  # lead organiser of the consultations
    home = HomePage.objects.get()
    assert_refused(client.get(reverse("wagtailadmin_pages:edit", args=[home.pk])))
    for footer_page in home.get_children().exclude(pk__in=[index.pk, assembly.pk]):
        assert_refused(client.get(reverse("wagtailadmin_pages:edit", args=[footer_page.pk])))
