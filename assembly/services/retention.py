"""Retention: anonymise the pool the day after its retention date.

Only a *published* retention date counts, and only when it differs from the one
published before: a draft save, or a publish that leaves the date alone, changes
nothing (``pool_retention_on_publish``, from Wagtail's ``page_published`` signal,
which also fires for scheduled publishing and workflow approval).

A date still ahead queues a dated job. A date already past never anonymises at
once: an organiser must confirm on our own page, which names how many volunteers
it will anonymise (``pool_retention_confirm``). Every run records the real actor,
in the job and in the access log.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.models import PageLogEntry

from assembly.job_kinds import POOL_RETENTION_KIND
from assembly.models import (
    Answer,
    AssemblyPage,
    Draw,
    InvitationCode,
    PanelMember,
    PoolUpload,
    volunteer_anonymised_values,
)
from assembly.services.errors import AssemblyError
from audit.models import AccessAction
from audit.services import access_log_record
from jobs.models import Job, JobStatus
from jobs.services import job_start

NOT_DUE = "The retention date has not passed, so there is nothing to anonymise yet."
COUNT_CHANGED = (
    "The pool has changed since you opened this page: {count} volunteers would now be "
    "anonymised. Check the number and confirm again."
)
ALREADY_RUNNING = "The pool is already being anonymised."

_UNKNOWN = object()


def retention_due_at(assembly: AssemblyPage) -> datetime | None:
    if assembly.retention_date is None:
        return None
    day_after = assembly.retention_date + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day_after, time.min))


def pool_retention_pending(*, assembly: AssemblyPage, now: datetime | None = None) -> int:
    """How many volunteers wait for an organiser to confirm their anonymisation (0 if none)."""
    due = retention_due_at(assembly)
    if due is None or (now or timezone.now()) < due:
        return 0
    return assembly.volunteers.filter(anonymised_at__isnull=True).count()


def _retention_jobs(assembly: AssemblyPage, *statuses):
    return Job.objects.filter(
        kind=POOL_RETENTION_KIND, status__in=statuses, params__assembly_id=assembly.pk
    )


def pool_retention_schedule(
    *, assembly: AssemblyPage, user=None, now: datetime | None = None
) -> Job | None:
    """Queue the dated job that anonymises the pool the day after the retention date.

    Cancels any job queued for an earlier date. A date already past queues nothing:
    anonymising now waits for ``pool_retention_confirm``.
    """
    _retention_jobs(assembly, JobStatus.QUEUED).update(
        status=JobStatus.CANCELLED, finished_at=timezone.now()
    )
    due = retention_due_at(assembly)
    if due is None or due <= (now or timezone.now()):
        return None
    return job_start(
        kind=POOL_RETENTION_KIND,
        title=f"Anonymise the pool of {assembly.title}",
        params={"assembly_id": assembly.pk, "retention_date": assembly.retention_date.isoformat()},
        user=user,
        run_after=due,
    )


def _previous_published_date(assembly: AssemblyPage, revision):
    """The retention date published before ``revision``: None if none, ``_UNKNOWN`` if lost."""
    # Wagtail logs a publish after sending ``page_published``, so the latest publish
    # entry is still the one before this revision.
    entry = (
        PageLogEntry.objects.filter(page_id=assembly.pk, action="wagtail.publish")
        .exclude(revision_id=revision.pk)
        .select_related("revision")
        .order_by("-timestamp", "-pk")
        .first()
    )
    if entry is None:
        return None  # first publish: no date was published before
    if entry.revision is None:
        return _UNKNOWN  # its revision was purged: we cannot tell, so schedule again
    return entry.revision.as_object().retention_date


def pool_retention_on_publish(*, assembly: AssemblyPage, revision) -> Job | None:
    """Reschedule retention when a publish changes the retention date; otherwise do nothing."""
    if not assembly.live:
        return None  # publishing was scheduled for later; the real publish sends again
    if _previous_published_date(assembly, revision) == assembly.retention_date:
        return None
    user = getattr(revision, "user", None)
    return pool_retention_schedule(assembly=assembly, user=user)


@transaction.atomic
def pool_retention_confirm(*, assembly: AssemblyPage, user, count: int) -> Job:
    """Anonymise a pool whose retention date has passed, as ``user`` confirmed for ``count``.

    ``count`` is the number the confirmation page showed; if the pool has changed
    since, nothing is done, so nobody anonymises more people than they agreed to.
    """
    assembly = AssemblyPage.objects.select_for_update().get(pk=assembly.pk)
    pending = pool_retention_pending(assembly=assembly)
    if not pending:
        raise AssemblyError(NOT_DUE)
    if pending != count:
        raise AssemblyError(COUNT_CHANGED.format(count=pending))
    if _retention_jobs(assembly, JobStatus.RUNNING).exists() or (
        _retention_jobs(assembly, JobStatus.QUEUED).filter(params__confirmed=True).exists()
    ):
        raise AssemblyError(ALREADY_RUNNING)
    return job_start(
        kind=POOL_RETENTION_KIND,
        title=f"Anonymise {count} volunteers of {assembly.title}",
        params={
            "assembly_id": assembly.pk,
            "retention_date": assembly.retention_date.isoformat(),
            "confirmed": True,
            "count": count,
        },
        user=user,
    )


def pool_retention_run(job: Job, progress) -> dict:
    assembly = AssemblyPage.objects.get(pk=job.params["assembly_id"])
    due = retention_due_at(assembly)
    now = job.started_at or timezone.now()
    if due is None or now < due:
        return {"skipped": "the retention date has changed"}
    if job.params.get("retention_date") != assembly.retention_date.isoformat():
        return {"skipped": "the retention date has changed"}
    how = "confirmed by an organiser" if job.params.get("confirmed") else "on its retention date"
    count = pool_retention_apply(
        assembly=assembly,
        now=now,
        user=job.created_by,
        what=f"volunteer pool anonymised after its retention date, {how}",
        job=job,
    )
    return {"anonymised": count}


@transaction.atomic
def pool_retention_apply(
    *,
    assembly: AssemblyPage,
    now: datetime | None = None,
    user=None,
    what: str = "volunteer pool anonymised after its retention date",
    job: Job | None = None,
) -> int:
    """Delete contact details, answers and access needs; keep pseudonymous ids and results."""
    now = now or timezone.now()
    volunteers = assembly.volunteers.filter(anonymised_at__isnull=True)
    count = volunteers.count()
    Answer.objects.filter(volunteer__assembly=assembly).delete()
    volunteers.update(**volunteer_anonymised_values(now))
    PanelMember.objects.filter(assembly=assembly).update(access_needs="")
    InvitationCode.objects.filter(assembly=assembly).update(address="", postcode="")
    Draw.objects.filter(assembly=assembly).update(pool_snapshot={})
    PoolUpload.objects.filter(assembly=assembly).delete()
    access_log_record(
        user=user,
        action=AccessAction.DELETE,
        what=what,
        target=assembly,
        record_count=count,
        detail={"job": str(job.pk)} if job is not None else {},
    )
    return count
