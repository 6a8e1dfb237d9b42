"""role_grant and role_revoke keep Wagtail's page and collection permissions in step."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from accounts.cms_permissions import PAGE_PERMISSIONS, page_collection, page_group_name
from accounts.models import Role
from accounts.services import role_grant, role_revoke, roles_ensure
from tests.assembly.factories import AssemblyPageFactory

pytestmark = pytest.mark.django_db


def _codenames(group, page):
    return set(
        GroupPagePermission.objects.filter(group=group, page=page).values_list(
            "permission__codename", flat=True
        )
    )


def test_an_organiser_of_a_page_gets_a_group_with_rights_on_exactly_that_page(home_page, make_user):
    page = AssemblyPageFactory()
    organiser = make_user(role=Role.ORGANISER, target=page)
    group = Group.objects.get(name=page_group_name(page))
    assert organiser.groups.filter(pk=group.pk).exists()
    assert _codenames(group, page) == set(PAGE_PERMISSIONS)
    assert not GroupPagePermission.objects.filter(group=group).exclude(page=page).exists()
    collection = page_collection(page)
    assert collection is not None and collection.get_parent() == Collection.get_first_root_node()
    assert set(
        GroupCollectionPermission.objects.filter(group=group).values_list("collection", flat=True)
    ) == {collection.pk}


def test_granting_twice_or_to_two_organisers_shares_one_group_and_collection(home_page, make_user):
    page = AssemblyPageFactory()
    first = make_user(role=Role.ORGANISER, target=page)
    role_grant(user=first, role=Role.ORGANISER, target=page)
    second = make_user(role=Role.ORGANISER, target=page)
    assert Group.objects.filter(name=page_group_name(page)).count() == 1
    assert Collection.objects.filter(name__endswith=f"(page {page.pk})").count() == 1
    role_revoke(user=first, role=Role.ORGANISER, target=page)
    group = Group.objects.get(name=page_group_name(page))
    assert not first.groups.filter(pk=group.pk).exists()
    assert second.groups.filter(pk=group.pk).exists()


def test_other_roles_and_targets_get_no_cms_rights(home_page, make_user, live_session):
    page = AssemblyPageFactory()
    commissioner = make_user(role=Role.COMMISSIONER, target=page)
    facilitator = make_user(role=Role.FACILITATOR, target=live_session)
    for user in (commissioner, facilitator):
        assert not GroupPagePermission.objects.filter(group__user=user).exists()
        assert not GroupCollectionPermission.objects.filter(group__user=user).exists()
    assert not Group.objects.filter(name__startswith="Organisers of page").exists()


def test_roles_ensure_strips_the_old_root_grants_and_gives_assignments_their_groups(
    home_page, make_user
):
    from accounts.models import RoleAssignment
    from audit.targets import target_key

    page = AssemblyPageFactory()
    organiser = make_user(role=Role.ORGANISER)
    ct, object_id = target_key(page)
    # An install from before per-page groups: an assignment only, and rights on the root.
    RoleAssignment.objects.create(
        user=organiser, role=Role.ORGANISER, content_type=ct, object_id=object_id
    )
    organisers = Group.objects.get(name="Organisers")
    change_page = Permission.objects.get(
        content_type__app_label="wagtailcore", codename="change_page"
    )
    GroupPagePermission.objects.create(group=organisers, page=home_page, permission=change_page)
    add_document = Permission.objects.get(codename="add_document")
    organisers.permissions.add(add_document)
    GroupCollectionPermission.objects.create(
        group=organisers, collection=Collection.get_first_root_node(), permission=add_document
    )
    roles_ensure()
    assert not GroupPagePermission.objects.filter(group=organisers).exists()
    assert not GroupCollectionPermission.objects.filter(group=organisers).exists()
    assert list(organisers.permissions.values_list("codename", flat=True)) == ["access_admin"]
    assert organiser.groups.filter(name=page_group_name(page)).exists()
