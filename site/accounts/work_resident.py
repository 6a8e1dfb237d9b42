"""The account page's lists for everyone: their consultation answers and their volunteering."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery

from accounts.work_types import Link, WorkItem, WorkSection, app_model, page_url


def resident_work(user, request) -> list[WorkSection]:
    sections = []
    response_model = app_model("consultations.Response")
    if response_model is not None:
        items = []
        for r in (
            response_model.objects.filter(user=user)
            .select_related("page")
            .order_by("-updated_at")[:50]
        ):
            url = page_url(r.page, request)
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
    volunteer_model = app_model("assembly.Volunteer")
    member_model = app_model("assembly.PanelMember")
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
            items.append(WorkItem(v.assembly.title, page_url(v.assembly, request), status))
        sections.append(
            WorkSection(
                "volunteering",
                "Volunteering for an assembly",
                items,
                "You have not volunteered for a residents' assembly.",
            )
        )
    return sections
