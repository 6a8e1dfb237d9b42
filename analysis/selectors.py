"""Reads for theme analysis: who sees which runs, themes by demographic, published outcomes."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from django.db.models import Count, Q

from accounts.selectors import roles_filter
from analysis.models import (
    Decision,
    FindingsReport,
    ReportStatus,
    Theme,
    ThemeAssignment,
    ThemeRun,
)
from analysis.rules import RUN_THEMES_ROLES
from common.suppression import TOTAL, Table, full_cube, protect

NOT_ANSWERED = "Not answered"
DEFAULT_THRESHOLD = 10
QUOTES_PER_DECISION = 2


def runs_for_user(user):
    """Runs whose consultation or session the user may review or run, in one query."""
    runs = ThemeRun.objects.select_related("page", "session").order_by("-created_at")
    on_page = roles_filter(user, runs, RUN_THEMES_ROLES, via="page")
    on_session = roles_filter(user, runs, RUN_THEMES_ROLES, via="session")
    return list(on_page | on_session)


def current_themes(run: ThemeRun):
    """Themes that still hold answers (merged-away themes left out), largest first."""
    return (
        run.themes.filter(merged_into__isnull=True)
        .annotate(n=Count("assignments"))
        .order_by("is_excluded", "is_other", "-n", "order", "pk")
    )


def representative_quotes(theme: Theme, *, n: int = 3):
    """Key quotes first, then the answers closest to the theme's centre."""
    return list(theme.assignments.order_by("-is_key_quote", "-confidence", "pk")[:n])


@dataclass
class CrossTab:
    question: str
    groups: list[str]
    rows: list[dict]  # {"theme": label, "cells": [count or None], "total": count or None}
    totals: list[int | None]
    threshold: int


def demographic_questions(run: ThemeRun) -> list:
    if run.page_id is None:
        return []
    return [s for s in run.page.specs() if s.is_demographic]


def theme_crosstab(run: ThemeRun, question_id: str) -> CrossTab | None:
    """Themes by the answers to one demographic question, under small-number suppression."""
    from consultations.selectors import answers_frame

    spec = next((s for s in demographic_questions(run) if s.id == question_id), None)
    if spec is None:
        return None
    rows = list(
        run.assignments.filter(response__isnull=False, theme__is_excluded=False).values_list(
            "response_id", "theme_id"
        )
    )
    frame = pd.DataFrame(rows, columns=["response_id", "theme"])
    answers = answers_frame(run.page, question_ids=[question_id]).drop_duplicates("response_id")
    groups = dict(zip(answers["response_id"], answers["value"], strict=False))
    frame["group"] = [groups.get(r, NOT_ANSWERED) for r in frame["response_id"]]
    themes = list(current_themes(run).filter(is_excluded=False))
    categories = {
        "theme": [t.pk for t in themes],
        "group": [*spec.choices, NOT_ANSWERED],
    }
    counts = frame.groupby(["theme", "group"]).size()
    cube = full_cube(counts, categories)
    threshold = getattr(run.page, "suppression_threshold", None) or DEFAULT_THRESHOLD
    table = protect(cube, [Table("t", dims=("theme", "group"))], threshold=threshold).tables["t"]

    def figure(theme, group):
        row = table.loc[(theme, group)]
        return None if row["suppressed"] else int(row["count"])

    out = [
        {
            "theme": t.label,
            "cells": [figure(t.pk, g) for g in categories["group"]],
            "total": figure(t.pk, TOTAL),
        }
        for t in themes
    ]
    totals = [figure(TOTAL, g) for g in categories["group"]] + [figure(TOTAL, TOTAL)]
    return CrossTab(spec.label, categories["group"], out, totals, threshold)


def report_quotes(report: FindingsReport):
    """The key quotes of the themes the report's findings cite."""
    return ThemeAssignment.objects.filter(
        run=report.run, is_key_quote=True, theme__findings__report=report
    ).distinct()


def report_published_quotes(report: FindingsReport):
    """Key quotes that may appear in public: checked, and their author agreed to publication."""
    return report_quotes(report).filter(quote_confirmed=True, publish_consent=True)


def published_reports(page):
    return FindingsReport.objects.filter(
        status=ReportStatus.PUBLISHED, page_id=getattr(page, "pk", None)
    ).order_by("-published_at")


def you_said_we_did(page) -> list[Decision]:
    """Decisions on the published findings about ``page``, newest first, each with up to
    ``QUOTES_PER_DECISION`` of its finding's published quotes (as ``decision.quotes``)."""
    decisions = list(
        Decision.objects.filter(
            Q(finding__report__status=ReportStatus.PUBLISHED),
            Q(finding__report__page_id=getattr(page, "pk", None)),
        ).select_related("finding", "finding__report")
    )
    for decision in decisions:
        decision.quotes = list(
            report_published_quotes(decision.finding.report)
            .filter(theme__findings=decision.finding)
            .order_by("-confidence", "pk")[:QUOTES_PER_DECISION]
        )
    return decisions
