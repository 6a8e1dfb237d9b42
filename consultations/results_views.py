"""The results page: suppressed figures for staff, and for the public once published.

Every figure of a consultation is computed at once through
``consultations.results.results_set`` (so suppression holds across every table the page
can show) by a background job, and stored as a snapshot (``results_services``); the page
shows the newest snapshot and when it was made. The view only picks the tables that the
GET form asks for: a breakdown by one demographic (or channel) is a cross-tab of that
set, and "only this group" is one column of it, so no request can show a figure the set
did not protect.
"""

from __future__ import annotations

from django.template.response import TemplateResponse
from django.utils.text import slugify

from accounts.gates import refusal
from consultations.results_blocks import (
    channel_summary,
    key_figures,
    question_blocks,
    representation_blocks,
)
from consultations.results_services import (  # noqa: F401 - page_results_compute for bench/
    PageResults,
    ShownResults,
    page_results_compute,
    results_current,
)
from consultations.selectors import responses_received_span

MSG_BOTH = (
    "A breakdown cannot be combined with a single group, so that small groups stay "
    "protected. Showing the breakdown."
)


def page_results(page) -> ShownResults:
    """The figures to show now, from the stored snapshot (see ``results_services``)."""
    return results_current(page)


def may_see_results(user, page) -> bool:
    return page.results_published or user.has_perm("consultations.view_results", page)


def _choice(request, data: PageResults):
    by = data.dimensions.get(request.GET.get("by", ""))
    group = None
    raw = request.GET.get("group", "")
    if ":" in raw:
        d, _, value = raw.partition(":")
        if d in data.dimensions and value in data.dimensions[d].options:
            group = (data.dimensions[d], value)
    return by, group


def results(request, page):
    if not may_see_results(request.user, page):
        return refusal(request)
    shown = page_results(page)
    base = {
        "page": page,
        "shown": shown,
        "is_staff_view": request.user.has_perm("consultations.view_results", page),
    }
    if shown.calculating:
        return TemplateResponse(request, "consultations/results/results.html", base)
    data = shown.data
    by, group = _choice(request, data)
    notes = []
    if by is not None and group is not None:
        notes.append(MSG_BOTH)
        group = None
    context = {
        **base,
        "data": data,
        "dimensions": list(data.dimensions.values()),
        "by": by,
        "group": group,
        "group_value": request.GET.get("group", "") if group else "",
        "group_label": f"{group[0].label}: {group[0].label_of(group[1])}" if group else "",
        "group_choices": [
            {"label": d.label, "options": [(f"{d.id}:{o}", d.label_of(o)) for o in d.options]}
            for d in data.dimensions.values()
        ],
        "notes": notes,
        "may_export_responses": request.user.has_perm("consultations.export_responses", page),
        "may_export_aggregates": request.user.has_perm("consultations.export_aggregates", page),
    }
    if data.results is not None:
        blocks = question_blocks(data, by=by, group=group)
        for b in blocks:
            b["anchor"] = f"q-{slugify(b['id'])}"
        everyone = blocks if by is None and group is None else None
        if everyone is None:
            everyone = question_blocks(data, by=None, group=None)
            for b in everyone:
                b["anchor"] = f"q-{slugify(b['id'])}"
        context["blocks"] = blocks
        context["has_budget"] = any(b["kind"] == "budget" for b in blocks)
        context["representation"] = representation_blocks(data)
        context["key_figures"] = key_figures(everyone)
        context["channels"] = channel_summary(context["representation"])
        context["received_from"], context["received_to"] = responses_received_span(
            page=page, until=shown.computed_at
        )
    return TemplateResponse(request, "consultations/results/results.html", context)
