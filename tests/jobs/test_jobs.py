from datetime import timedelta

import pytest
from django.utils import timezone

from jobs.models import Job, JobStatus
from jobs.registry import job_kind
from jobs.services import job_run_now, job_start, jobs_run_due
from jobs.tasks import job_execute

pytestmark = pytest.mark.django_db


@job_kind("tests.count")
def _count(job, progress):
    for i in range(1, 4):
        progress(i, 3, f"step {i}")
    return {"counted": job.params["n"]}


@job_kind("tests.fail", attempts=1)
def _fail(job, progress):
    progress(1, 2, "half way")
    raise ValueError("the input was wrong")


def test_job_runs_with_progress_and_keeps_its_result(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="tests.count", title="Count", params={"n": 7})
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.result == {"counted": 7}
    assert (job.done, job.total, job.message) == (3, 3, "step 3")
    assert job.percent == 100


def test_failed_job_records_the_error_and_where_it_stopped(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="tests.fail", title="Fail")
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "the input was wrong" in job.error
    assert job.percent == 50


def test_unknown_job_kind_is_refused_before_anything_is_queued():
    with pytest.raises(LookupError):
        job_start(kind="tests.nope", title="Nope")
    assert not Job.objects.exists()


def test_dated_job_waits_until_its_time_then_runs(django_capture_on_commit_callbacks):
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(
            kind="tests.count", title="Later", params={"n": 1}, run_after=now + timedelta(days=2)
        )
    assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED
    assert jobs_run_due(now=now + timedelta(days=1)) == []
    ran = jobs_run_due(now=now + timedelta(days=2, seconds=1))
    assert [j.pk for j in ran] == [job.pk]
    assert Job.objects.get(pk=job.pk).status == JobStatus.SUCCEEDED


def test_a_dated_job_brought_forward_runs_now_and_only_once(django_capture_on_commit_callbacks):
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(
            kind="tests.count", title="Later", params={"n": 3}, run_after=now + timedelta(days=2)
        )
    with django_capture_on_commit_callbacks(execute=True):
        job_run_now(job=job)
    finished = Job.objects.get(pk=job.pk)
    assert finished.status == JobStatus.SUCCEEDED and finished.result == {"counted": 3}
    assert jobs_run_due(now=now + timedelta(days=3)) == []  # the old date runs nothing again


def test_a_job_runs_only_once_even_if_delivered_twice(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="tests.count", title="Once", params={"n": 2})
    finished = Job.objects.get(pk=job.pk).finished_at
    job_execute(job_id=str(job.pk))
    assert Job.objects.get(pk=job.pk).finished_at == finished


def test_job_page_updates_until_finished_without_refreshing_and_is_private(client, make_user):
    owner, other = make_user(), make_user()
    job = Job.objects.create(kind="tests.count", title="Drawing the panel", created_by=owner)
    client.force_login(owner)
    html = client.get(f"/jobs/{job.pk}/").content.decode()
    # Updated in place by script; never a meta refresh (WCAG 2.2.1).
    assert 'data-progress-poll="2"' in html and 'http-equiv="refresh"' not in html
    assert "Check the progress again" in html and "Drawing the panel" in html
    job.status = JobStatus.SUCCEEDED
    job.save()
    assert "data-progress-poll" not in client.get(f"/jobs/{job.pk}/").content.decode()
    client.force_login(other)
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
