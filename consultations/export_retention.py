"""Generated export files are deleted once they are older than the retention period.

Exports hold personal data, so a file waits only ``CONSULTATION_EXPORT_RETENTION_DAYS``
(default 7) for its download. Each export schedules a cleanup job for when its file
expires; a cleanup that leaves files behind schedules the next one, so no scheduler is
needed. ``manage.py exports_cleanup`` does the same by hand or from cron.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from consultations.job_kinds import EXPORT_CLEANUP_KIND
from jobs.models import Job, JobStatus
from jobs.services import job_start

DEFAULT_DAYS = 7


def retention() -> dt.timedelta:
    return dt.timedelta(days=getattr(settings, "CONSULTATION_EXPORT_RETENTION_DAYS", DEFAULT_DAYS))


def exports_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "exports"


def _written(path: Path) -> dt.datetime:
    return dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC)


def exports_cleanup(
    *, now: dt.datetime | None = None, keep: dt.timedelta | None = None
) -> list[str]:
    """Delete export files (finished or abandoned part-files) written before ``now - keep``."""
    now = now or timezone.now()
    cutoff = now - (keep if keep is not None else retention())
    folder = exports_dir()
    if not folder.is_dir():
        return []
    deleted = []
    for path in sorted(folder.iterdir()):
        if path.is_file() and _written(path) < cutoff:
            path.unlink(missing_ok=True)
            deleted.append(path.name)
    return deleted


def exports_cleanup_schedule(*, at: dt.datetime) -> Job | None:
    """Queue a cleanup for ``at``, unless one is already queued to run by then."""
    if Job.objects.filter(
        kind=EXPORT_CLEANUP_KIND, status=JobStatus.QUEUED, run_after__lte=at
    ).exists():
        return None
    return job_start(kind=EXPORT_CLEANUP_KIND, title="Delete expired export files", run_after=at)


def exports_cleanup_run(*, now: dt.datetime | None = None) -> dict:
    """The cleanup job: delete expired files, then schedule the next run if files remain."""
    now = now or timezone.now()
    deleted = exports_cleanup(now=now)
    folder = exports_dir()
    remaining = [p for p in folder.iterdir() if p.is_file()] if folder.is_dir() else []
    if remaining:
        first = min(_written(p) for p in remaining)
        exports_cleanup_schedule(at=max(first + retention(), now) + dt.timedelta(minutes=1))
    return {"deleted": len(deleted), "remaining": len(remaining)}
