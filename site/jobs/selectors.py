"""Reads of jobs: the ones in trouble, and who may see them."""

from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from jobs.models import Job, JobStatus
from jobs.registry import owner_for

# Long enough to come back after a weekend, short enough that the list stays current.
TROUBLE_WINDOW = timedelta(days=14)
TROUBLE_LIMIT = 200


def job_visible(*, job: Job, user) -> bool:
    """Whether ``user`` may see ``job``: a superuser, or a holder of its owner's permission."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    owner = owner_for(job.kind)
    if owner is None:
        return False
    target, permission = owner(job)
    return target is not None and user.has_perm(permission, target)


def jobs_troubled(*, user, now: datetime | None = None) -> list[Job]:
    """Recent jobs that failed for good or failed a run and wait to try again, newest first."""
    since = (now or timezone.now()) - TROUBLE_WINDOW
    troubled = Job.objects.filter(
        Q(status=JobStatus.FAILED) | Q(status=JobStatus.QUEUED, attempts__gt=0),
        created_at__gte=since,
    ).order_by("-created_at")[:TROUBLE_LIMIT]
    return [job for job in troubled if job_visible(job=job, user=user)]
