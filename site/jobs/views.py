from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from jobs.models import Job

POLL_SECONDS = 2


@login_required
def job_detail(request, job_id):
    """A job's progress: updated in place with JavaScript, a link to check again without."""
    job = get_object_or_404(Job, pk=job_id)
    if not (request.user.is_superuser or job.created_by_id == request.user.pk):
        raise Http404
    poll = None if job.is_finished else POLL_SECONDS
    return render(request, "jobs/job_detail.html", {"job": job, "poll_seconds": poll})
