"""Failed and abandoned jobs are tried again with backoff, then fail for good."""

from datetime import timedelta

import pytest
from django.utils import timezone

from jobs.models import Job, JobStatus
from jobs.registry import job_kind
from jobs.services import job_start, jobs_run_due
from jobs.tasks import RETRY_BACKOFF, job_execute, job_retry_or_fail
from jobs.workers import STALE_AFTER, jobs_reap, worker_beat

pytestmark = pytest.mark.django_db

RUNS: list[str] = []


@job_kind("tests.flaky")
def _flaky(job, progress):
    RUNS.append(str(job.pk))
    if len(RUNS) < 3:
        raise ConnectionError("the database went away")
    return {"runs": len(RUNS)}


@job_kind("tests.always_fails", attempts=2)
def _always_fails(job, progress):
    raise ValueError("never works")


@pytest.fixture(autouse=True)
def _reset_runs():
    RUNS.clear()


def test_a_failed_run_is_queued_again_after_the_backoff(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="tests.flaky", title="Flaky")
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and job.attempts == 1
    assert "the database went away" in job.error and "Attempt 1 of 3" in job.message
    wait = job.run_after - timezone.now()
    assert RETRY_BACKOFF[0] - timedelta(seconds=5) < wait <= RETRY_BACKOFF[0]
    assert jobs_run_due(now=timezone.now()) == []  # not before its time


def test_a_flaky_job_succeeds_on_its_third_attempt(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="tests.flaky", title="Flaky")
    later = timezone.now()
    for _ in range(2):
        later += timedelta(hours=1)
        jobs_run_due(now=later)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.attempts == 3
    assert job.result == {"runs": 3} and len(RUNS) == 3


def test_a_job_out_of_attempts_fails_with_its_last_error(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="tests.always_fails", title="Broken")
    jobs_run_due(now=timezone.now() + timedelta(hours=1))
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.attempts == 2 == job.max_attempts
    assert "never works" in job.error and job.finished_at is not None


def _abandoned(kind="tests.flaky", *, attempts=1, beat_ago=STALE_AFTER * 2):
    now = timezone.now()
    return Job.objects.create(
        kind=kind,
        title="Abandoned",
        status=JobStatus.RUNNING,
        attempts=attempts,
        worker="gone-host:4242",
        started_at=now - beat_ago,
        heartbeat_at=now - beat_ago,
    )


def test_a_job_whose_worker_died_is_queued_again_by_the_reaper():
    job = _abandoned()
    assert jobs_reap() == [str(job.pk)]
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and "gone-host:4242" in job.error
    assert job.worker == ""


def test_the_reaper_leaves_a_job_whose_worker_still_beats():
    job = _abandoned(beat_ago=STALE_AFTER / 4)
    assert jobs_reap() == []
    assert Job.objects.get(pk=job.pk).status == JobStatus.RUNNING


def test_an_abandoned_job_out_of_attempts_fails():
    job = _abandoned(attempts=3)
    jobs_reap()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "stopped" in job.error


def test_a_worker_beat_keeps_its_own_running_jobs_alive_and_reaps_others():
    mine = _abandoned()
    Job.objects.filter(pk=mine.pk).update(worker="here:1")
    theirs = _abandoned()
    worker_beat(name="here:1")
    assert Job.objects.get(pk=mine.pk).status == JobStatus.RUNNING
    assert Job.objects.get(pk=theirs.pk).status == JobStatus.QUEUED


def test_a_late_finish_of_a_reaped_run_does_not_overwrite_the_new_attempt():
    job = _abandoned()
    jobs_reap()
    # The old worker was only frozen, and now finishes its (first) attempt.
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, attempts=2)
    stale_run = Job.objects.get(pk=job.pk)
    stale_run.attempts = 1
    assert job_retry_or_fail(stale_run, "late", now=timezone.now()) is False
    assert Job.objects.get(pk=job.pk).status == JobStatus.RUNNING


def test_a_requeued_job_runs_again_when_its_time_comes():
    job = _abandoned()
    jobs_reap()
    job_execute(job_id=str(job.pk), now=timezone.now() - timedelta(minutes=1))
    assert RUNS == []  # not yet due
    job_execute(job_id=str(job.pk), now=timezone.now() + timedelta(hours=1))
    job.refresh_from_db()
    assert [str(job.pk)] == RUNS and job.attempts == 2
    assert job.status == JobStatus.QUEUED  # its second run failed too (flaky needs three)
