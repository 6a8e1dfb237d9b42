"""Running jobs: the django-tasks entry point, and the run of one job it calls.

The run and the enqueueing live together because a job that is not yet due enqueues its
task again: keeping both here lets ``services`` import them one way.
"""

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django_tasks import task, task_backends

from jobs.models import Job, JobStatus
from jobs.registry import handler_for

logger = logging.getLogger("civic.jobs")


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
