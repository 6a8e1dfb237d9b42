"""The results page: suppressed figures for staff, and for the public once published.

:func:`page_results` computes every figure of a consultation at once through
``consultations.results.results_set`` (so suppression holds across every table the page
can show), and caches it until a response arrives or the questions change. The view
only picks the tables that the GET form asks for: a breakdown by one demographic (or
channel) is a cross-tab of that set, and "only this group" is one column of it, so no
request can show a figure the set did not protect.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from consultations.result_dimensions import CHANNEL, Dimension, dimensions_add
from consultations.results import NOT_ANSWERED, TOTAL, ResultsSet, results_set
from consultations.selectors import (
    RESULT_KIND,
    answers_frame,
    matrix_question_id,
    result_questions,
    submitted,
)

CACHE_SECONDS = 300
HIDDEN = "hidden"
MSG_NO_GROUP_RANKING = "Rankings are shown for everyone only, to keep small groups safe."
MSG_BOTH = (
    "A breakdown cannot be combined with a single group, so that small groups stay "
    "protected. Showing the breakdown."
)


@dataclass
class PageResults:
    specs: list
    dimensions: dict[str, Dimension]
    results: ResultsSet | None
    respondents: int | None  # None when hidden
    threshold: int


def _cache_key(page) -> str:
    stats = submitted(page).aggregate(last=Max("pk"), at=Max("submitted_at"))
    stamp = f"{stats['last']}:{stats['at'].timestamp() if stats['at'] else 0}"
    version = f"{page.latest_revision_id}:{page.suppression_threshold}"
    return f"consultations:results:{page.pk}:{version}:{stamp}"


def page_results(page) -> PageResults:
    """Every suppressed figure of ``page``, protected together (cached per response set)."""
    key = _cache_key(page)
    cached = cache.get(key)
    if cached is not None:
        return cached
    out = page_results_compute(page)
    cache.set(key, out, CACHE_SECONDS)
    return out


def page_results_compute(page) -> PageResults:
    specs = page.specs()
    shown = [s for s in specs if s.kind in RESULT_KIND or s.kind == "matrix"]
    summarised = [s for s in shown if not s.is_demographic]
    threshold = page.suppression_threshold
    frame = answers_frame(page, question_ids=[s.id for s in shown])
    frame["number"] = pd.to_numeric(frame["number"], errors="coerce")
    dims = dimensions_add(frame, specs)
    if frame.empty:
        return PageResults(specs, dims, None, None, threshold)
    targets = {
        s.id: dict(s.population_shares) for s in specs if s.is_demographic and s.population_shares
    }
    results = results_set(
        frame,
        questions=result_questions(summarised),
        demographics={d.id: d.options for d in dims.values()},
        targets=targets,
        threshold=threshold,
    )
    # Derived dimensions are protected with the rest but are not "who we heard from".
    results.representation = {
        d: table for d, table in results.representation.items() if not dims[d].derived
    }
    total = results.representation[CHANNEL].loc[TOTAL]
    respondents = None if total["suppressed"] else int(total["count"])
    return PageResults(specs, dims, results, respondents, threshold)


# Shaping for the template -------------------------------------------------------------


def _cell(count, percent, suppressed) -> dict:
    if suppressed or pd.isna(count):
        return {"count": None, "percent": None, "hidden": True}
    pct = None if pd.isna(percent) else float(percent)
    return {"count": int(count), "percent": pct, "hidden": False}


def _rows(frame: pd.DataFrame, labels=None) -> tuple[list[dict], dict | None]:
    """Option rows and the total row of a one-way counts frame."""
    rows, total = [], None
    for option, r in frame.iterrows():
        cell = {
            "label": (labels or {}).get(option, option),
            **_cell(r["count"], r["percent"], r["suppressed"]),
        }
        if option == TOTAL:
            total = cell
        else:
            rows.append(cell)
    return rows, total


def _column(tab, group) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "count": tab.counts[group],
            "percent": tab.percent[group],
            "suppressed": tab.suppressed[group],
        }
    )


def _crosstab(tab, dim: Dimension) -> dict:
    groups = [g for g in tab.counts.columns if g not in (NOT_ANSWERED,)]
    body = []
    for option in tab.counts.index:
        cells = [
            _cell(tab.counts.at[option, g], tab.percent.at[option, g], tab.suppressed.at[option, g])
            for g in groups
        ]
        body.append({"label": option, "cells": cells, "total": option == TOTAL})
    return {"groups": [dim.label_of(g) if g != TOTAL else "Everyone" for g in groups], "rows": body}


def _summary_rows(summary: pd.DataFrame, by: Dimension | None, group) -> list[dict]:
    rows = []
    for (d, g), r in summary.iterrows():
        if by is None and d != TOTAL or by is not None and d != by.id:
            continue
        if group is not None and g != group:
            continue
        if g == NOT_ANSWERED:
            continue
        label = "Everyone" if d == TOTAL else by.label_of(g)
        hidden = bool(r["suppressed"]) or pd.isna(r["mean"])
        rows.append(
            {
                "label": label,
                "hidden": hidden,
                "base": None if "base" not in r or pd.isna(r["base"]) else int(r["base"]),
                "mean": r["mean"],
                "median": r["median"],
                "q1": r["q1"],
                "q3": r["q3"],
            }
        )
    return rows


def _block(spec, qid, qr, *, by, group, label=None) -> dict:
    kind = "ranking" if spec.kind == "ranking" else "number" if spec.kind == "number" else "choice"
    block = {"id": qid, "label": label or spec.label, "kind": kind, "spec": spec}
    if kind == "ranking":
        if by is not None or group is not None:
            block["note"] = MSG_NO_GROUP_RANKING
        block["ranking"] = [
            {
                "label": option,
                "first": _cell(r["first_choices"], r["first_percent"], pd.isna(r["first_choices"])),
                "mean_rank": None if pd.isna(r["mean_rank"]) else r["mean_rank"],
                "borda": None if pd.isna(r["borda"]) else int(r["borda"]),
            }
            for option, r in qr.counts.iterrows()
        ]
        return block
    if kind == "choice":
        if by is not None:
            block["crosstab"] = _crosstab(qr.crosstabs[by.id], by)
        else:
            frame = qr.counts if group is None else _column(qr.crosstabs[group[0].id], group[1])
            block["rows"], block["total"] = _rows(frame)
    if qr.summary is not None:
        block["summary"] = _summary_rows(
            qr.summary, by or (group[0] if group else None), group[1] if group else None
        )
        block["has_base"] = "base" in qr.summary.columns
    return block


def question_blocks(data: PageResults, *, by: Dimension | None, group) -> list[dict]:
    blocks = []
    for spec in data.specs:
        if spec.is_demographic or not (spec.kind in RESULT_KIND or spec.kind == "matrix"):
            continue
        if spec.kind == "matrix":
            parts = [
                _block(spec, qid, data.results.questions[qid], by=by, group=group, label=row)
                for row in spec.rows
                if (qid := matrix_question_id(spec, row)) in data.results.questions
            ]
            blocks.append({"id": spec.id, "label": spec.label, "kind": "matrix", "parts": parts})
        else:
            blocks.append(
                _block(spec, spec.id, data.results.questions[spec.id], by=by, group=group)
            )
    return blocks


def representation_blocks(data: PageResults) -> list[dict]:
    out = []
    for d, frame in data.results.representation.items():
        dim = data.dimensions[d]
        rows = []
        for value, r in frame.iterrows():
            if value == NOT_ANSWERED and not r["suppressed"] and r["count"] == 0:
                continue
            rows.append(
                {
                    "label": "Everyone" if value == TOTAL else dim.label_of(value),
                    "total": value == TOTAL,
                    **_cell(r["count"], r["percent"], r["suppressed"]),
                    "stated": None
                    if pd.isna(r["percent_stated"]) or r["suppressed"]
                    else r["percent_stated"],
                    "target": None if pd.isna(r["target"]) else r["target"],
                    "gap": None if pd.isna(r["gap"]) or r["suppressed"] else r["gap"],
                }
            )
        has_targets = any(r["target"] is not None for r in rows)
        out.append({"id": d, "label": dim.label, "rows": rows, "has_targets": has_targets})
    return out


# The view ----------------------------------------------------------------------------


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
        if not request.user.is_authenticated:
            return redirect(f"/accounts/login/?next={request.path}")
        raise PermissionDenied
    data = page_results(page)
    by, group = _choice(request, data)
    notes = []
    if by is not None and group is not None:
        notes.append(MSG_BOTH)
        group = None
    context = {
        "page": page,
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
        "is_staff_view": request.user.has_perm("consultations.view_results", page),
        "may_export_responses": request.user.has_perm("consultations.export_responses", page),
        "may_export_aggregates": request.user.has_perm("consultations.export_aggregates", page),
    }
    if data.results is not None:
        context["blocks"] = question_blocks(data, by=by, group=group)
        context["representation"] = representation_blocks(data)
    return TemplateResponse(request, "consultations/results/results.html", context)
