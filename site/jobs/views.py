from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from jobs.models import Job
from jobs.selectors import job_visible
from jobs.services import JobRetryError, job_retry

POLL_SECONDS = 2
# Where the list of jobs in trouble is shown: each person's home page.
AFTER_RETRY = "/account/"


def _job_for(request, job_id) -> Job:
    """The job, for the person who started it or may see it; a 404 for anyone else."""
    job = get_object_or_404(Job, pk=job_id)
    if job.created_by_id != request.user.pk and not job_visible(job=job, user=request.user):
        raise Http404
    return job


@login_required
def job_detail(request, job_id):
    """A job's progress: updated in place with JavaScript, a link to check again without."""
    job = _job_for(request, job_id)
    poll = None if job.is_finished else POLL_SECONDS
    return render(request, "jobs/job_detail.html", {"job": job, "poll_seconds": poll})


@login_required
@require_POST
def job_retry_view(request, job_id):
    """Start a failed job again, for those its kind's owner permission names."""
    job = get_object_or_404(Job, pk=job_id)
    if not job_visible(job=job, user=request.user):
        raise Http404
    try:
        job_retry(job=job)
    except JobRetryError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"“{job.title}” will run again in a moment.")
    return redirect(AFTER_RETRY)
