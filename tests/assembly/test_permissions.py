import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from accounts.models import Role
from audit.models import AccessLogEntry
from tests.assembly.factories import (
    SMALL_SPEC,
    AssemblyPageFactory,
    organiser_of,
    pool_build,
    quotas_build,
)

pytestmark = pytest.mark.django_db

SPECIAL_VIEWS = ["pool", "panel", "panel_export", "letters_export"]


@pytest.fixture
def assembly(home_page):
    page = AssemblyPageFactory()
    pool_build(page, quotas_build(page, SMALL_SPEC), 8)
    return page


def _with_mfa(user):
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return user


@pytest.mark.parametrize("name", SPECIAL_VIEWS)
def test_organiser_of_this_assembly_sees_pool_data_and_it_is_logged(
    client, make_user, assembly, name
):
    client.force_login(organiser_of(make_user, assembly))
    response = client.get(reverse(f"assembly:{name}", args=[assembly.pk]))
    assert response.status_code == 200
    entry = AccessLogEntry.objects.get()
    assert entry.object_id == assembly.pk
    assert entry.action == ("export" if name.endswith("export") else "view")


@pytest.mark.parametrize("name", SPECIAL_VIEWS)
def test_organiser_of_another_assembly_is_refused(client, make_user, assembly, name):
    other = AssemblyPageFactory()
    client.force_login(organiser_of(make_user, other))
    assert client.get(reverse(f"assembly:{name}", args=[assembly.pk])).status_code == 403
    assert not AccessLogEntry.objects.exists()


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.FACILITATOR, Role.MEMBER])
@pytest.mark.parametrize("name", SPECIAL_VIEWS)
def test_other_roles_on_this_assembly_are_refused(client, make_user, assembly, role, name):
    client.force_login(_with_mfa(make_user(role=role, target=assembly)))
    assert client.get(reverse(f"assembly:{name}", args=[assembly.pk])).status_code == 403
    assert not AccessLogEntry.objects.exists()


def test_resident_and_anonymous_are_refused(client, make_user, assembly):
    url = reverse("assembly:pool", args=[assembly.pk])
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(make_user(role=Role.RESIDENT))
    assert client.get(url).status_code == 403


def test_unknown_assembly_is_404(client, make_user, assembly):
    client.force_login(organiser_of(make_user, assembly))
    assert client.get(reverse("assembly:pool", args=[99999])).status_code == 404


def test_organiser_pages_render(client, make_user, assembly):
    client.force_login(organiser_of(make_user, assembly))
    for name in ("manage", "categories", "pool_import", "draws", "invitations", "meetings"):
        response = client.get(reverse(f"assembly:{name}", args=[assembly.pk]))
        assert response.status_code == 200, name
    index = client.get(reverse("assembly:index")).content.decode()
    assert reverse("assembly:manage", args=[assembly.pk]) in index


def test_commissioner_of_this_assembly_sees_only_aggregates(client, make_user, assembly):
    client.force_login(_with_mfa(make_user(role=Role.COMMISSIONER, target=assembly)))
    response = client.get(reverse("assembly:representation", args=[assembly.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "p0000" not in body  # no pool ids, only counts per answer
    other = AssemblyPageFactory()
    assert client.get(reverse("assembly:representation", args=[other.pk])).status_code == 403
