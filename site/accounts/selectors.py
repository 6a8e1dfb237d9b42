"""Reads about users and roles."""

from dataclasses import dataclass

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
