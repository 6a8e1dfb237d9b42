"""A person's roles, read once: the pages and live sessions each role was given on.

Each work list is then one query over the pages below those, never a ``has_perm`` per row.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.models import Page

from accounts.models import Role, RoleAssignment
from accounts.selectors import user_has_group_role
from accounts.work_types import app_model


@dataclass
class PersonRoles:
    """The person's roles: page paths per role, and live-session ids per role."""

    superuser: bool
    groups: set[str]
    page_paths: dict[str, list[str]]
    session_ids: dict[str, list[int]]

    def has(self, role: str) -> bool:
        return role in self.groups or bool(self.page_paths.get(role) or self.session_ids.get(role))

    def under(self, role: str, prefix: str = "") -> Q | None:
        """Pages at or below the pages this role was given on (``None``: no such page)."""
        if role == Role.ORGANISER and self.superuser:
            return Q()
        if role == Role.ORGANISER and role not in self.groups:
            return None  # an organiser assignment without the group grants nothing
        paths = self.page_paths.get(role, [])
        if not paths:
            return None
        return reduce(or_, (Q(**{f"{prefix}path__startswith": p}) for p in paths))


def person_roles(user) -> PersonRoles:
    page_ct = ContentType.objects.get_for_model(Page)
    session_model = app_model("deliberation.LiveSession")
    session_ct = ContentType.objects.get_for_model(session_model) if session_model else None
    rows = list(
        RoleAssignment.objects.filter(user=user).values_list("role", "content_type_id", "object_id")
    )
    page_ids = {object_id for _r, ct, object_id in rows if ct == page_ct.pk}
    paths = dict(Page.objects.filter(pk__in=page_ids).values_list("pk", "path")) if page_ids else {}
    page_paths: dict[str, list[str]] = {}
    session_ids: dict[str, list[int]] = {}
    for role, ct, object_id in rows:
        if ct == page_ct.pk and object_id in paths:
            page_paths.setdefault(role, []).append(paths[object_id])
        elif session_ct is not None and ct == session_ct.pk:
            session_ids.setdefault(role, []).append(object_id)
    groups = {role for role in Role if user_has_group_role(user, role)}
    return PersonRoles(user.is_superuser, groups, page_paths, session_ids)
