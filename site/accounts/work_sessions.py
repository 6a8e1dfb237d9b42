"""The account page's live sessions: those a person runs or joins (on them or their assembly)."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q
from django.urls import reverse

from accounts.models import Role
from accounts.work_roles import PersonRoles
from accounts.work_types import Link, WorkItem, WorkSection, app_model

SESSION_ROLES = (Role.FACILITATOR, Role.MODERATOR, Role.MEMBER)
# Roles that run a session from its console rather than only join it.
CONSOLE_ROLES = (Role.FACILITATOR, Role.MODERATOR)


def session_work(roles: PersonRoles) -> WorkSection:
    """Live sessions the person runs or joins: given on the session or on its assembly."""
    model = app_model("deliberation.LiveSession")
    conditions = []
    for role in SESSION_ROLES:
        if roles.session_ids.get(role):
            conditions.append(Q(pk__in=roles.session_ids[role]))
        under = roles.under(role, prefix="page__")
        if under is not None:
            conditions.append(under)
    sessions = []
    if model is not None and conditions:
        sessions = list(
            model.objects.filter(reduce(or_, conditions))
            .exclude(status="ended")
            .select_related("page")
            .order_by("status", "title")
        )
    console_ids = {i for role in CONSOLE_ROLES for i in roles.session_ids.get(role, [])}
    console_pages = [p for role in CONSOLE_ROLES for p in roles.page_paths.get(role, [])]

    def links(s) -> tuple[Link, ...]:
        runs = s.pk in console_ids or (
            s.page is not None and any(s.page.path.startswith(p) for p in console_pages)
        )
        return (Link("Run it in the console", reverse("deliberation:console", args=[s.pk])),) * runs

    items = [
        WorkItem(
            s.title,
            s.get_absolute_url(),
            s.get_status_display(),
            s.page.title if s.page else "",
            links=links(s),
        )
        for s in sessions
    ]
    creates = roles.superuser or bool({Role.ORGANISER, Role.FACILITATOR} & roles.groups)
    return WorkSection(
        "live-sessions",
        "Your live sessions",
        items,
        "You have no live sessions coming up.",
        links=(Link("Create a live session", reverse("deliberation:create")),) * creates,
    )
