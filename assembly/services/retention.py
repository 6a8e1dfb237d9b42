"""Retention: anonymise the pool the day after its retention date."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from assembly.models import (
    Answer,
    AssemblyPage,
    Draw,
    InvitationCode,
    PanelMember,
    PoolUpload,
)
from audit.models import AccessAction
from audit.services import access_log_record
from jobs.models import Job, JobStatus
from jobs.services import job_start


def retention_due_at(assembly: AssemblyPage) -> datetime | None:
    if assembly.retention_date is None:
        return None
    day_after = assembly.retention_date + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day_after, time.min))


def pool_retention_schedule(*, assembly: AssemblyPage, user=None) -> Job | None:
    """Queue the dated job that anonymises the pool the day after the retention date."""
    Job.objects.filter(
        kind="assembly.pool_retention",
        status=JobStatus.QUEUED,
        params__assembly_id=assembly.pk,
    ).update(status=JobStatus.CANCELLED, finished_at=timezone.now())
    due = retention_due_at(assembly)
    if due is None:
        return None
    return job_start(
        kind="assembly.pool_retention",
        title=f"Anonymise the pool of {assembly.title}",
        params={"assembly_id": assembly.pk},
        user=user,
        run_after=due,
    )


def pool_retention_run(job: Job, progress) -> dict:
    assembly = AssemblyPage.objects.get(pk=job.params["assembly_id"])
    due = retention_due_at(assembly)
    now = job.started_at or timezone.now()
    if due is None or now < due:
        return {"skipped": "the retention date has changed"}
    return {"anonymised": pool_retention_apply(assembly=assembly, now=now)}


@transaction.atomic
def pool_retention_apply(*, assembly: AssemblyPage, now: datetime | None = None) -> int:
    """Delete contact details, answers and access needs; keep pseudonymous ids and results."""
    now = now or timezone.now()
    volunteers = assembly.volunteers.filter(anonymised_at__isnull=True)
    count = volunteers.count()
    Answer.objects.filter(volunteer__assembly=assembly).delete()
    volunteers.update(
        full_name="",
        email="",
        phone="",
        address="",
        postcode="",
        household_key="",
        user=None,
        anonymised_at=now,
    )
    PanelMember.objects.filter(assembly=assembly).update(access_needs="")
    InvitationCode.objects.filter(assembly=assembly).update(address="", postcode="")
    Draw.objects.filter(assembly=assembly).update(pool_snapshot={})
    PoolUpload.objects.filter(assembly=assembly).delete()
    access_log_record(
        user=None,
        action=AccessAction.DELETE,
        what="volunteer pool anonymised after its retention date",
        target=assembly,
        record_count=count,
    )
    return count
