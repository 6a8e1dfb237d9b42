"""Start, run, reschedule and report on jobs."""

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django_tasks import task_backends

from jobs.models import Job, JobStatus
from jobs.registry import handler_for

logger = logging.getLogger("civic.jobs")


def job_start(*, kind: str, title: str, params: dict | None = None, user=None, run_after=None):
    """Record a job and hand it to the task backend (after the transaction commits)."""
    handler_for(kind)  # fail now, not in the worker, on an unknown kind
    job = Job.objects.create(
        kind=kind,
        title=title,
        params=params or {},
        created_by=user if user is not None and user.is_authenticated else None,
        run_after=run_after,
    )
    transaction.on_commit(lambda: _enqueue(job))
    return job


def _enqueue(job: Job) -> None:
    from jobs.tasks import run_job

    task = run_job
    if job.run_after and job.run_after > timezone.now():
        if not task_backends["default"].supports_defer:
            # Inline backends (tests) cannot wait; ``jobs_run_due`` picks it up.
            return
        task = run_job.using(run_after=job.run_after)
    result = task.enqueue(str(job.pk))
    Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id))


def job_run_now(*, job: Job) -> None:
    """Bring a queued job put off until later forward, to run as soon as a worker can."""
    now = timezone.now()
    if Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(run_after=now):
        job.run_after = now  # due now, so ``jobs_run_due`` picks it up too
        # Its earlier, deferred task still fires later and finds the job no longer queued.
        transaction.on_commit(lambda: _enqueue(job))


def job_execute(*, job_id: str, now: datetime | None = None) -> Job | None:
    """Run a queued job once; a job that is not yet due is enqueued again for later."""
    now = now or timezone.now()
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != JobStatus.QUEUED:
            return job
        if job.run_after and job.run_after > now:
            transaction.on_commit(lambda: _enqueue(job))
            return job
        job.status = JobStatus.RUNNING
        job.started_at = now
        job.save(update_fields=["status", "started_at"])

    def progress(done: int, total: int, message: str = "") -> None:
        Job.objects.filter(pk=job.pk).update(done=done, total=total, message=message[:300])

    try:
        result = handler_for(job.kind)(job, progress)
    except Exception as exc:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
        )
    else:
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.SUCCEEDED,
            result=result or {},
            finished_at=timezone.now(),
        )
    job.refresh_from_db()
    return job


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
