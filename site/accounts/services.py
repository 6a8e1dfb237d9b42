"""Writes for accounts and roles."""

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import Page

from accounts import cms_permissions
from accounts.models import Role, RoleAssignment, User
from accounts.personal_data import personal_data_erase, personal_data_zip
from accounts.roles import GROUP_NAMES, GROUP_PERMISSIONS
from accounts.signals import roles_changed
from audit.targets import target_key


def _announce_roles_changed(user: User) -> None:
    user_id = user.pk
    transaction.on_commit(lambda: roles_changed.send(sender=User, user_id=user_id))


@transaction.atomic
def roles_ensure() -> dict[str, Group]:
    """Create the role groups with exactly their permissions; safe to run again.

    Page rights come only from assignments (``role_grant`` on a page), never from
    the role group, so it also strips page and collection grants earlier versions
    gave, and gives existing organiser assignments their per-page groups.
    """
    groups = {}
    for role, name in GROUP_NAMES.items():
        group, _ = Group.objects.get_or_create(name=name)
        groups[role] = group
        group.permissions.set(
            [
                cms_permissions.permission_ensure(app_label, model, codename)
                for app_label, model, codename in GROUP_PERMISSIONS.get(role, [])
            ]
        )
    cms_permissions.role_groups_strip(groups.values())
    _page_groups_sync()
    return groups


def _page_target(target):
    """The page ``target`` is, or None when it is not a Wagtail page."""
    return target if isinstance(target, Page) else None


def _page_groups_sync() -> None:
    ct = ContentType.objects.get_for_model(Page)
    assignments = RoleAssignment.objects.filter(role=Role.ORGANISER, content_type=ct)
    pages = Page.objects.in_bulk({a.object_id for a in assignments})
    for assignment in assignments.select_related("user"):
        page = pages.get(assignment.object_id)
        if page is not None:  # a deleted page leaves its assignment behind
            assignment.user.groups.add(cms_permissions.page_group_ensure(page))


@transaction.atomic
def role_grant(*, user: User, role: str, target=None, granted_by: User | None = None) -> None:
    """Put ``user`` in the role's group and, with ``target``, assign the role on it.

    An organiser of a page also joins that page's group, which holds Wagtail's page
    and collection permissions on exactly that page (``accounts.cms_permissions``).
    """
    group, _ = Group.objects.get_or_create(name=GROUP_NAMES[Role(role)])
    user.groups.add(group)
    if target is not None:
        ct, object_id = target_key(target)
        RoleAssignment.objects.get_or_create(
            user=user,
            role=role,
            content_type=ct,
            object_id=object_id,
            defaults={"granted_by": granted_by},
        )
        page = _page_target(target)
        if role == Role.ORGANISER and page is not None:
            user.groups.add(cms_permissions.page_group_ensure(page))
    _announce_roles_changed(user)


@transaction.atomic
def role_revoke(*, user: User, role: str, target) -> None:
    """Remove one assignment; leave the group when no assignment of that role is left."""
    ct, object_id = target_key(target)
    RoleAssignment.objects.filter(
        user=user, role=role, content_type=ct, object_id=object_id
    ).delete()
    page = _page_target(target)
    if role == Role.ORGANISER and page is not None:
        user.groups.remove(*Group.objects.filter(name=cms_permissions.page_group_name(page)))
    if role != Role.RESIDENT and not user.role_assignments.filter(role=role).exists():
        user.groups.remove(*Group.objects.filter(name=GROUP_NAMES[Role(role)]))
    _announce_roles_changed(user)


def account_export(*, user: User) -> bytes:
    """A zip of everything the platform holds about ``user``: ``my-data.json`` and CSVs."""
    return personal_data_zip(user=user)


@transaction.atomic
def account_delete(
    *, user: User, delete_responses: bool = False, delete_statements: bool = False
) -> None:
    """Erase or anonymise the person's data in every app at once, then the account.

    What each kind of data becomes is listed on the delete page (accounts/delete.html).
    """
    personal_data_erase(
        user=user, delete_responses=delete_responses, delete_statements=delete_statements
    )
