"""Reads about users and roles."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.models import Page

from accounts.models import Role, RoleAssignment, User
from accounts.roles import GROUP_NAMES
from audit.targets import target_keys


@dataclass(frozen=True)
class HeldRole:
    role: str
    label: str
    targets: list


def user_has_group_role(user: User, role: str) -> bool:
    if not user.is_authenticated:
        return False
    cache = getattr(user, "_group_names_cache", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._group_names_cache = cache
    return GROUP_NAMES[Role(role)] in cache


def user_has_role_on(user: User, role: str, obj) -> bool:
    if not user.is_authenticated or obj is None or obj.pk is None:
        return False
    ct, ids = target_keys(obj)
    return RoleAssignment.objects.filter(
        user=user, role=role, content_type=ct, object_id__in=ids
    ).exists()


def user_roles(user: User) -> list[HeldRole]:
    """Every role the user holds, with the objects it applies to."""
    assignments = list(user.role_assignments.select_related("content_type"))
    held = []
    for role in Role:
        targets = [a.target for a in assignments if a.role == role and a.target is not None]
        if targets or user_has_group_role(user, role):
            held.append(HeldRole(role=role.value, label=role.label, targets=targets))
    return held


def roles_filter(user: User, queryset, roles, *, via: str = ""):
    """The rows of ``queryset`` on whose object ``user`` holds one of ``roles``, in one query.

    The object is the row itself, or the one its foreign key ``via`` names; on a page a role
    held on a page above it counts too. This is ``accounts.rules``'s per-object predicates
    for a whole list at once: the organiser role counts only with the organiser group, and
    a superuser passes wherever the organiser role would.
    """
    roles = set(roles)
    if user.is_authenticated and user.is_superuser and Role.ORGANISER in roles:
        return queryset
    if not user.is_authenticated:
        return queryset.none()
    roles = {r for r in roles if r != Role.ORGANISER or user_has_group_role(user, r)}
    model = queryset.model._meta.get_field(via).related_model if via else queryset.model
    prefix = f"{via}__" if via else ""
    keyed = Page if issubclass(model, Page) else model
    held = RoleAssignment.objects.filter(
        user=user, role__in=roles, content_type=ContentType.objects.get_for_model(keyed)
    ).values("object_id")
    if keyed is not Page:
        return queryset.filter(**{f"{prefix}pk__in": held})
    below = Q(pk__in=[])
    for path in Page.objects.filter(pk__in=held).values_list("path", flat=True):
        below |= Q(**{f"{prefix}path__startswith": path})
    return queryset.filter(below)
