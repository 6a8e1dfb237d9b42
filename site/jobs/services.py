"""Start, bring forward, retry, cancel and run due jobs; ``tasks`` runs one."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from jobs.models import Job, JobStatus
from jobs.registry import attempts_for, handler_for, may_retry
from jobs.tasks import job_enqueue, job_execute


def job_start(*, kind: str, title: str, params: dict | None = None, user=None, run_after=None):
    """Record a job and hand it to the task backend (after the transaction commits)."""
    handler_for(kind)  # fail now, not in the worker, on an unknown kind
    job = Job.objects.create(
        kind=kind,
        title=title,
        params=params or {},
        created_by=user if user is not None and user.is_authenticated else None,
        run_after=run_after,
        max_attempts=attempts_for(kind),
    )
    transaction.on_commit(lambda: job_enqueue(job))
    return job


def job_run_now(*, job: Job) -> None:
    """Bring a queued job put off until later forward, to run as soon as a worker can."""
    now = timezone.now()
    if Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(run_after=now):
        job.run_after = now  # due now, so ``jobs_run_due`` picks it up too
        # Its earlier, deferred task still fires later and finds the job no longer queued.
        transaction.on_commit(lambda: job_enqueue(job))


def jobs_run_due(*, now: datetime | None = None) -> list[Job]:
    """Run every queued job whose time has come (the worker's safety net, and tests)."""
    now = now or timezone.now()
    due = Job.objects.filter(status=JobStatus.QUEUED, run_after__lte=now).values_list(
        "pk", flat=True
    )
    return [job_execute(job_id=str(pk), now=now) for pk in list(due)]


def job_cancel(*, job: Job) -> None:
    Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
        status=JobStatus.CANCELLED, finished_at=timezone.now()
    )


NOT_RETRYABLE = "This kind of job cannot be started again from here."
NOT_IN_TROUBLE = "This job has not failed, so there is nothing to try again."


class JobRetryError(Exception):
    pass


def job_retry(*, job: Job) -> None:
    """Start a job that failed or waits to try again: a fresh set of attempts, now.

    A failed job starts over with all its attempts; one waiting for its next attempt is
    brought forward. Only a job still in that state changes, so two clicks run it once.
    """
    if not may_retry(job.kind):
        raise JobRetryError(NOT_RETRYABLE)
    if job.status == JobStatus.QUEUED and job.attempts:
        job_run_now(job=job)
        return
    now = timezone.now()
    restarted = Job.objects.filter(pk=job.pk, status=JobStatus.FAILED).update(
        status=JobStatus.QUEUED,
        attempts=0,
        run_after=now,
        finished_at=None,
        message="Started again by hand.",
        worker="",
    )
    if not restarted:
        raise JobRetryError(NOT_IN_TROUBLE)
    job.status, job.attempts, job.run_after = JobStatus.QUEUED, 0, now
    transaction.on_commit(lambda: job_enqueue(job))
