"""Findings reports: write findings on reviewed themes and publish them."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from analysis.models import Finding, FindingsReport, ReportStatus, ThemeRun
from analysis.selectors import report_published_quotes, report_quotes  # noqa: F401 (re-exported)

ERR_UNCONFIRMED = (
    "Confirm the redaction of every key quote in this report's themes before publishing: "
    "{count} still to check."
)
ERR_NO_FINDINGS = "Write at least one finding before publishing."
ERR_NOT_PUBLISHED = "Record decisions on findings of a published report only."


class PublishRefused(Exception):
    pass


@transaction.atomic
def report_create(*, run: ThemeRun, user, title: str, summary: str = "") -> FindingsReport:
    return FindingsReport.objects.create(
        run=run, page=run.page, title=title, summary=summary, created_by=user
    )


@transaction.atomic
def finding_save(
    *, report: FindingsReport, user, title: str, body: str, themes, finding: Finding | None = None
) -> Finding:
    if finding is None:
        finding = Finding(report=report, order=report.findings.count())
    finding.title, finding.body = title, body
    finding.save()
    finding.themes.set([t for t in themes if t.run_id == report.run_id])
    return finding


@transaction.atomic
def report_publish(*, report: FindingsReport, user) -> FindingsReport:
    """Publish, unless a quote that would appear is unchecked: nothing unreviewed is published.

    Key quotes without consent to publication never appear, so they need no check.
    """
    if not report.findings.exists():
        raise PublishRefused(ERR_NO_FINDINGS)
    unconfirmed = report_quotes(report).filter(publish_consent=True, quote_confirmed=False).count()
    if unconfirmed:
        raise PublishRefused(ERR_UNCONFIRMED.format(count=unconfirmed))
    report.status = ReportStatus.PUBLISHED
    report.published_at = timezone.now()
    report.save(update_fields=["status", "published_at"])
    return report
