"""Writes for accounts and roles."""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from accounts.models import Role, RoleAssignment, User
from accounts.roles import GROUP_NAMES, GROUP_PERMISSIONS
from accounts.signals import roles_changed
from accounts.targets import target_key


def _announce_roles_changed(user: User) -> None:
    user_id = user.pk
    transaction.on_commit(lambda: roles_changed.send(sender=User, user_id=user_id))


@transaction.atomic
def roles_ensure(*, root_page=None) -> dict[str, Group]:
    """Create the role groups and their permissions; safe to run again.

    With ``root_page``, organisers may add, edit and publish pages below it.
    """
    groups = {}
    for role, name in GROUP_NAMES.items():
        group, _ = Group.objects.get_or_create(name=name)
        groups[role] = group
        for app_label, model, codename in GROUP_PERMISSIONS.get(role, []):
            ct, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
            perm, _ = Permission.objects.get_or_create(
                content_type=ct, codename=codename, defaults={"name": codename}
            )
            group.permissions.add(perm)
    if root_page is not None:
        _grant_page_permissions(groups[Role.ORGANISER], root_page)
    return groups


def _grant_page_permissions(group: Group, root_page) -> None:
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

    for codename in ("add_page", "change_page", "publish_page"):
        perm = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=group, page=root_page, permission=perm)
    collection = Collection.get_first_root_node()
    if collection is None:
        return
    for app_label, codename in (
        ("wagtailimages", "add_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "choose_document"),
    ):
        perm = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if perm:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=perm
            )


@transaction.atomic
def role_grant(*, user: User, role: str, target=None, granted_by: User | None = None) -> None:
    """Put ``user`` in the role's group and, with ``target``, assign the role on it."""
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
    _announce_roles_changed(user)


@transaction.atomic
def role_revoke(*, user: User, role: str, target) -> None:
    """Remove one assignment; leave the group when no assignment of that role is left."""
    ct, object_id = target_key(target)
    RoleAssignment.objects.filter(
        user=user, role=role, content_type=ct, object_id=object_id
    ).delete()
    if role != Role.RESIDENT and not user.role_assignments.filter(role=role).exists():
        user.groups.remove(*Group.objects.filter(name=GROUP_NAMES[Role(role)]))
    _announce_roles_changed(user)


def account_export(*, user: User) -> bytes:
    """A zip of everything the platform holds about ``user``: ``my-data.json`` and CSVs."""
    from accounts.personal_data import personal_data_zip

    return personal_data_zip(user=user)


@transaction.atomic
def account_delete(
    *, user: User, delete_responses: bool = False, delete_statements: bool = False
) -> None:
    """Erase or anonymise the person's data in every app at once, then the account.

    What each kind of data becomes is listed on the delete page (accounts/delete.html).
    """
    from accounts.personal_data import personal_data_erase

    personal_data_erase(
        user=user, delete_responses=delete_responses, delete_statements=delete_statements
    )
