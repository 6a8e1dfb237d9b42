"""The organiser's list of assemblies: their own, in one query however many there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from assembly.models import AssemblyPage
from assembly.selectors import assemblies_managed
from tests.assembly.factories import AssemblyPageFactory, organiser_of

pytestmark = pytest.mark.django_db


def test_the_list_holds_the_assemblies_the_permission_allows(make_user, home_page):
    pages = [AssemblyPageFactory(title=f"Assembly {i}") for i in range(4)]
    user = make_user(role=Role.ORGANISER, target=pages[2])
    make_user(role=Role.ORGANISER, target=pages[0])
    commissioner = make_user(role=Role.COMMISSIONER, target=pages[1])
    for person in (user, commissioner):
        allowed = [
            p
            for p in AssemblyPage.objects.order_by("title")
            if person.has_perm("assembly.manage", p)
        ]
        assert assemblies_managed(user=person) == allowed
    assert assemblies_managed(user=user) == [pages[2]]


def test_the_organiser_index_costs_the_same_queries_however_many_assemblies(
    client, make_user, home_page
):
    first = AssemblyPageFactory(title="First")
    user = organiser_of(make_user, first)
    client.force_login(user)
    url = reverse("assembly:index")
    client.get(url)  # warm the content-type and session caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for i in range(6):
        organiser_of(make_user, AssemblyPageFactory(title=f"Other {i}"))
    client.get(url)  # new pages clear the page-routing cache: warm it again, as above
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many) == len(few)
    assert "First" in response.content.decode() and "Other 1" not in response.content.decode()
