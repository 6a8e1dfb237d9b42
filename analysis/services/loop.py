"""Closing the loop ("you said, we did"): decisions on published findings, emailed to residents."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction

from analysis.models import Decision, Finding, FindingsReport
from analysis.services.reports import ERR_NOT_PUBLISHED, PublishRefused


def outcome_recipients(report: FindingsReport) -> list[str]:
    """Emails of people who answered the report's consultation and asked to hear the outcome."""
    if report.page_id is None:
        return []
    from consultations.selectors import outcome_emails

    return outcome_emails(page_id=report.page_id)


@transaction.atomic
def decision_record(
    *, finding: Finding, user, outcome: str, response: str, decided_on, site_url: str = ""
) -> Decision:
    """Record what was done about a published finding and tell residents who opted in."""
    report = finding.report
    if not report.is_published:
        raise PublishRefused(ERR_NOT_PUBLISHED)
    decision = Decision.objects.create(
        finding=finding,
        outcome=outcome,
        response=response,
        decided_on=decided_on,
        recorded_by=user,
    )
    recipients = outcome_recipients(report)
    if recipients:
        subject = f"You said, we did: {report.title}"[:150]
        body = (
            f"Thank you for taking part. You asked to hear what happened next.\n\n"
            f"You said: {finding.title}\n"
            f"We decided: {decision.get_outcome_display()} ({decided_on:%-d %B %Y})\n\n"
            f"{response}\n\n"
            f"Read the findings: {site_url}/analysis/reports/{report.pk}/\n"
        )
        messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [r]) for r in recipients]
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))
        decision.notified_count = len(recipients)
        decision.save(update_fields=["notified_count"])
    return decision
