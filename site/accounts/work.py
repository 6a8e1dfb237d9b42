"""What each person may do, for their account page: one list per role, one query per list.

Roles are read once (``work_roles``); each list is then one query over the pages below
those, never a ``has_perm`` per row. This module holds the staff lists (organiser,
commissioner, member) and the order of the sections; ``work_sessions`` and
``work_resident`` hold the others, ``work_types`` their shapes. Apps' models are named by
label and their pages by URL name, so accounts imports none of the apps above it.
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from accounts.models import Role
from accounts.work_resident import resident_work
from accounts.work_roles import PersonRoles, person_roles
from accounts.work_sessions import SESSION_ROLES, session_work
from accounts.work_types import Link, WorkItem, WorkSection, app_model, page_url


def _cms(page) -> Link:
    return Link("Edit in the CMS", reverse("wagtailadmin_pages:edit", args=[page.pk]))


def _people(page) -> Link:
    return Link("People and roles", reverse("accounts:people", args=[page.pk]))


def _consultations(q: Q):
    model = app_model("consultations.ConsultationPage")
    return [] if model is None or q is None else list(model.objects.filter(q).order_by("title"))


def _assemblies(q: Q):
    model = app_model("assembly.AssemblyPage")
    return [] if model is None or q is None else list(model.objects.filter(q).order_by("title"))


def _theme_runs(page_ids: list[int]) -> dict[int, list[Link]]:
    """Each page's theme analyses, newest first, in one query."""
    model = app_model("analysis.ThemeRun")
    if model is None or not page_ids:
        return {}
    out: dict[int, list[Link]] = {}
    for pk, title, page_id in (
        model.objects.filter(page_id__in=page_ids)
        .order_by("-pk")
        .values_list("pk", "title", "page_id")
    ):
        url = reverse("analysis:run_detail", args=[pk])
        out.setdefault(page_id, []).append(Link(f"Themes: {title}", url))
    return out


def organiser_work(roles: PersonRoles, request) -> WorkSection:
    q = roles.under(Role.ORGANISER)
    items = []
    for page in _consultations(q):
        base = page_url(page, request)
        links = [_cms(page)]
        if base:
            links += [
                Link("Enter a paper, phone or event response", f"{base}enter/"),
                Link("Import responses", f"{base}import/"),
                Link("Export responses", f"{base}export/csv/"),
                Link("Results", f"{base}results/"),
            ]
        links.append(_people(page))
        items.append(WorkItem(page.title, base, page.status_label, "Consultation", tuple(links)))
    for page in _assemblies(q):
        links = [_cms(page)] + [
            Link(label, reverse(f"assembly:{name}", args=[page.pk]))
            for label, name in (
                ("Manage the assembly", "manage"),
                ("Volunteer pool", "pool"),
                ("Import a pool", "pool_import"),
                ("Draws", "draws"),
                ("Panel", "panel"),
                ("Meetings and attendance", "meetings"),
                ("Representation", "representation"),
            )
        ]
        links.append(_people(page))
        items.append(
            WorkItem(
                page.title,
                reverse("assembly:manage", args=[page.pk]),
                page.get_status_display(),
                "Residents' assembly",
                tuple(links),
            )
        )
    more = ()
    if app_model("analysis.ThemeRun"):
        more = (Link("Theme analyses", reverse("analysis:run_list")),)
    return WorkSection(
        "organise",
        "Consultations and assemblies you organise",
        items,
        "You are not an organiser of any consultation or assembly yet.",
        more,
    )


def commissioner_work(roles: PersonRoles, request) -> WorkSection:
    q = roles.under(Role.COMMISSIONER)
    consultations, assemblies = _consultations(q), _assemblies(q)
    runs = _theme_runs([p.pk for p in consultations + assemblies])
    items = []
    for page in consultations:
        base = page_url(page, request)
        links = [Link("Results and who we heard from", f"{base}results/")] if base else []
        items.append(
            WorkItem(
                page.title,
                base,
                page.status_label,
                "Consultation",
                tuple(links + runs.get(page.pk, [])),
            )
        )
    for page in assemblies:
        links = [Link("Representation", reverse("assembly:representation", args=[page.pk]))]
        items.append(
            WorkItem(
                page.title,
                page_url(page, request),
                page.get_status_display(),
                "Residents' assembly",
                tuple(links + runs.get(page.pk, [])),
            )
        )
    more = ()
    if app_model("analysis.ThemeRun"):
        more = (
            Link("Theme analyses", reverse("analysis:run_list")),
            Link("Start a theme analysis", reverse("analysis:run_start")),
        )
    return WorkSection(
        "commission",
        "Consultations and assemblies you commission",
        items,
        "You are not a commissioner of any consultation or assembly yet.",
        more,
    )


def member_work(roles: PersonRoles, request) -> WorkSection:
    items = [
        WorkItem(page.title, page_url(page, request), page.get_status_display(), page.question)
        for page in _assemblies(roles.under(Role.MEMBER))
    ]
    return WorkSection(
        "assembly", "Your assembly", items, "You are not on an assembly panel at the moment."
    )


def user_work(user, *, request=None) -> list[WorkSection]:
    """The sections of the account page, in the order of the roles' reach."""
    roles = person_roles(user)
    sections = []
    if roles.has(Role.ORGANISER) or roles.superuser:
        sections.append(organiser_work(roles, request))
    if roles.has(Role.COMMISSIONER):
        sections.append(commissioner_work(roles, request))
    if roles.has(Role.MEMBER):
        sections.append(member_work(roles, request))
    # Organisers too: the section holds the link to create a session.
    if roles.superuser or any(roles.has(role) for role in (*SESSION_ROLES, Role.ORGANISER)):
        sections.append(session_work(roles))
    sections += resident_work(user, request)
    return sections
