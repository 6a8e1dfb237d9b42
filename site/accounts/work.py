"""What each person may do, for their account page: one list per role, one query per list.

Roles are read once (the person's assignments and the pages they name); each list is
then one query over the pages below those, never a ``has_perm`` per row. The apps'
models are named by label (``apps.get_model``) and their pages by URL name, so
accounts imports none of the apps above it. A list whose app is not installed is
left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from wagtail.models import Page

from accounts.models import Role, RoleAssignment
from accounts.selectors import user_has_group_role


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class WorkItem:
    title: str
    url: str
    status: str = ""
    summary: str = ""
    links: tuple[Link, ...] = ()


@dataclass(frozen=True)
class WorkSection:
    key: str
    heading: str
    items: list[WorkItem]
    empty: str
    links: tuple[Link, ...] = field(default=())


def _model(label: str):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


@dataclass
class _Roles:
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


def _roles(user) -> _Roles:
    page_ct = ContentType.objects.get_for_model(Page)
    session_model = _model("deliberation.LiveSession")
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
    return _Roles(user.is_superuser, groups, page_paths, session_ids)


def _url(page, request) -> str:
    return page.get_url(request) or ""


def _cms(page) -> Link:
    return Link("Edit in the CMS", reverse("wagtailadmin_pages:edit", args=[page.pk]))


def _people(page) -> Link:
    return Link("People and roles", reverse("accounts:people", args=[page.pk]))


def _consultations(q: Q):
    model = _model("consultations.ConsultationPage")
    return [] if model is None or q is None else list(model.objects.filter(q).order_by("title"))


def _assemblies(q: Q):
    model = _model("assembly.AssemblyPage")
    return [] if model is None or q is None else list(model.objects.filter(q).order_by("title"))


def _theme_runs(page_ids: list[int]) -> dict[int, list[Link]]:
    """Each page's theme analyses, newest first, in one query."""
    model = _model("analysis.ThemeRun")
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


def organiser_work(roles: _Roles, request) -> WorkSection:
    q = roles.under(Role.ORGANISER)
    items = []
    for page in _consultations(q):
        base = _url(page, request)
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
    if _model("analysis.ThemeRun"):
        more = (Link("Theme analyses", reverse("analysis:run_list")),)
    return WorkSection(
        "organise",
        "Consultations and assemblies you organise",
        items,
        "You are not an organiser of any consultation or assembly yet.",
        more,
    )


def commissioner_work(roles: _Roles, request) -> WorkSection:
    q = roles.under(Role.COMMISSIONER)
    consultations, assemblies = _consultations(q), _assemblies(q)
    runs = _theme_runs([p.pk for p in consultations + assemblies])
    items = []
    for page in consultations:
        base = _url(page, request)
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
                _url(page, request),
                page.get_status_display(),
                "Residents' assembly",
                tuple(links + runs.get(page.pk, [])),
            )
        )
    more = ()
    if _model("analysis.ThemeRun"):
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


def member_work(roles: _Roles, request) -> WorkSection:
    items = [
        WorkItem(page.title, _url(page, request), page.get_status_display(), page.question)
        for page in _assemblies(roles.under(Role.MEMBER))
    ]
    return WorkSection(
        "assembly", "Your assembly", items, "You are not on an assembly panel at the moment."
    )


SESSION_ROLES = (Role.FACILITATOR, Role.MODERATOR, Role.MEMBER)
# Roles that run a session from its console rather than only join it.
CONSOLE_ROLES = (Role.FACILITATOR, Role.MODERATOR)


def session_work(roles: _Roles) -> WorkSection:
    """Live sessions the person runs or joins: given on the session or on its assembly."""
    model = _model("deliberation.LiveSession")
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


def resident_work(user, request) -> list[WorkSection]:
    sections = []
    response_model = _model("consultations.Response")
    if response_model is not None:
        items = []
        for r in (
            response_model.objects.filter(user=user)
            .select_related("page")
            .order_by("-updated_at")[:50]
        ):
            url = _url(r.page, request)
            if r.status == "draft":
                status, links = "Not finished", (Link("Continue your answers", url),) if url else ()
            else:
                when = r.submitted_at.strftime("%-d %B %Y") if r.submitted_at else ""
                status, links = f"Sent {when}".strip(), ()
            items.append(WorkItem(r.page.title, url, status, links=links))
        sections.append(
            WorkSection(
                "consultations",
                "Your consultations",
                items,
                "You have not answered a consultation while signed in.",
            )
        )
    volunteer_model = _model("assembly.Volunteer")
    member_model = _model("assembly.PanelMember")
    if volunteer_model is not None and member_model is not None:
        labels = dict(member_model._meta.get_field("status").choices)
        latest = member_model.objects.filter(volunteer=OuterRef("pk")).order_by("-pk")
        items = []
        for v in (
            volunteer_model.objects.filter(user=user, anonymised_at__isnull=True)
            .select_related("assembly")
            .annotate(panel_status=Subquery(latest.values("status")[:1]))
            .order_by("-created_at")
        ):
            status = (
                f"Panel: {labels.get(v.panel_status, v.panel_status)}"
                if v.panel_status
                else "In the volunteer pool"
            )
            items.append(WorkItem(v.assembly.title, _url(v.assembly, request), status))
        sections.append(
            WorkSection(
                "volunteering",
                "Volunteering for an assembly",
                items,
                "You have not volunteered for a residents' assembly.",
            )
        )
    return sections


def user_work(user, *, request=None) -> list[WorkSection]:
    """The sections of the account page, in the order of the roles' reach."""
    roles = _roles(user)
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
