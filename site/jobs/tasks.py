"""Running jobs: the django-tasks entry point, and the run of one job it calls.

The run and the enqueueing live together because a job that is not yet due enqueues its
task again: keeping both here lets ``services`` import them one way.
"""

import logging
import os
import socket
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task, task_backends

from jobs.models import Job, JobStatus
from jobs.registry import handler_for

logger = logging.getLogger("civic.jobs")

#: Waits before the second and third attempts; later attempts wait the last one.
RETRY_BACKOFF = (timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=8))


def worker_name() -> str:
    """This process, as the worker a job records while it runs it."""
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th run failed."""
    return RETRY_BACKOFF[min(attempts, len(RETRY_BACKOFF)) - 1]


def job_retry_or_fail(job: Job, error: str, *, now: datetime) -> bool:
    """After a failed or abandoned run: queue it again with backoff, or record the failure.

    Returns whether it will be tried again. Only a job still running this attempt
    changes, so a reaper and a late-finishing worker cannot both act on one run.
    """
    running = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, attempts=job.attempts)
    if job.attempts < job.max_attempts:
        run_after = now + retry_delay(job.attempts)
        message = (
            f"Attempt {job.attempts} of {job.max_attempts} failed; trying again "
            f"at {timezone.localtime(run_after):%H:%M}."
        )
        if running.update(
            status=JobStatus.QUEUED, run_after=run_after, error=error, message=message, worker=""
        ):
            job.status, job.run_after = JobStatus.QUEUED, run_after
            transaction.on_commit(lambda: job_enqueue(job))
            return True
        return False
    running.update(status=JobStatus.FAILED, error=error, finished_at=now, worker="")
    return False


@task()
def run_job(job_id: str) -> None:
    job_execute(job_id=job_id)


def job_enqueue(job: Job) -> None:
    """Hand the job to the task backend, deferred to its ``run_after`` where it can be."""
    queued = run_job
    if job.run_after and job.run_after > timezone.now():
        if not task_backends["default"].supports_defer:
            # Inline backends (tests) cannot wait; ``jobs_run_due`` picks it up.
            return
        queued = run_job.using(run_after=job.run_after)
    result = queued.enqueue(str(job.pk))
    Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id))


def job_execute(*, job_id: str, now: datetime | None = None) -> Job | None:
    """Run a queued job once; a job that is not yet due is enqueued again for later."""
    now = now or timezone.now()
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != JobStatus.QUEUED:
            return job
        if job.run_after and job.run_after > now:
            transaction.on_commit(lambda: job_enqueue(job))
            return job
        job.status = JobStatus.RUNNING
        job.started_at = now
        job.attempts += 1
        job.worker = worker_name()
        job.heartbeat_at = now
        job.save(update_fields=["status", "started_at", "attempts", "worker", "heartbeat_at"])

    def progress(done: int, total: int, message: str = "") -> None:
        Job.objects.filter(pk=job.pk).update(
            done=done, total=total, message=message[:300], heartbeat_at=timezone.now()
        )

    try:
        result = handler_for(job.kind)(job, progress)
    except Exception as exc:
        logger.exception("Job %s (%s) failed, attempt %s", job.pk, job.kind, job.attempts)
        with transaction.atomic():
            job_retry_or_fail(job, f"{type(exc).__name__}: {exc}"[:2000], now=timezone.now())
    else:
        Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, attempts=job.attempts).update(
            status=JobStatus.SUCCEEDED,
            result=result or {},
            finished_at=timezone.now(),
            worker="",
        )
    job.refresh_from_db()
    return job
