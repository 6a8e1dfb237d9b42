"""Task workers' heartbeats, and the reaper that recovers jobs a dead worker abandoned.

django-tasks 0.12 marks nothing when its worker dies: the task result stays RUNNING
for ever. So each worker process beats (``WorkerHeartbeat``, and ``Job.heartbeat_at`` of
the jobs it runs) from a thread beside its loop, and any beat runs the reaper, which
queues again (or fails, once out of attempts) every running job whose beat stopped.
"""

import logging
import os
import threading
from datetime import datetime, timedelta

from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from jobs.models import Job, JobStatus, WorkerHeartbeat
from jobs.tasks import job_retry_or_fail, worker_name

logger = logging.getLogger("civic.jobs")

# From the environment so the fault benchmark can kill a worker and see its jobs
# recovered within a one-minute run; the defaults suit production.
BEAT_SECONDS = float(os.environ.get("CIVIC_JOBS_BEAT_SECONDS", "15"))
#: A beat this old means the process is gone (several beats missed, not one slow one).
STALE_AFTER = timedelta(seconds=float(os.environ.get("CIVIC_JOBS_STALE_SECONDS", "120")))


def worker_beat(*, name: str | None = None, now: datetime | None = None) -> None:
    """Record that this worker is alive, beat for the jobs it runs, and reap the dead's."""
    name = name or worker_name()
    now = now or timezone.now()
    host, _, pid = name.rpartition(":")
    WorkerHeartbeat.objects.update_or_create(
        name=name,
        defaults={"host": host, "pid": int(pid) if pid.isdigit() else 0, "beat_at": now},
        create_defaults={
            "host": host,
            "pid": int(pid) if pid.isdigit() else 0,
            "beat_at": now,
            "started_at": now,
        },
    )
    Job.objects.filter(status=JobStatus.RUNNING, worker=name).update(heartbeat_at=now)
    jobs_reap(now=now)


def jobs_reap(*, now: datetime | None = None) -> list[str]:
    """Queue again, or fail, every running job whose worker stopped beating."""
    now = now or timezone.now()
    stale = Job.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=now - STALE_AFTER)
    reaped = []
    for job in stale:
        with transaction.atomic():
            job_retry_or_fail(job, f"The worker running this job ({job.worker}) stopped.", now=now)
        logger.warning("Job %s (%s) was abandoned by worker %s", job.pk, job.kind, job.worker)
        reaped.append(str(job.pk))
    return reaped


def latest_heartbeat() -> WorkerHeartbeat | None:
    return WorkerHeartbeat.objects.order_by("-beat_at").first()


class HeartbeatThread(threading.Thread):
    """Beats every ``BEAT_SECONDS`` until stopped; a failed beat is logged, not fatal."""

    def __init__(self, name: str | None = None, interval: float = BEAT_SECONDS):
        super().__init__(name="job-heartbeat", daemon=True)
        self.worker = name or worker_name()
        self.interval = interval
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                close_old_connections()
                worker_beat(name=self.worker)
            except Exception:  # the database may be briefly away: beat again next time
                logger.exception("Worker heartbeat failed")
            finally:
                connection.close()
            self.stopped.wait(self.interval)

    def stop(self) -> None:
        self.stopped.set()
