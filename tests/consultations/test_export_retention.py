"""Export files are deleted after the retention period, by a scheduled job or a command."""

import datetime as dt
import os
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Role
from consultations.export_retention import exports_cleanup, exports_dir
from consultations.job_kinds import EXPORT_CLEANUP_KIND, EXPORT_KIND
from jobs.models import Job, JobStatus
from jobs.services import jobs_run_due
from tests.consultations.factories import make_consultation
from tests.consultations.test_results_views import PEOPLE, answers_for, submit, with_mfa

pytestmark = pytest.mark.django_db
NOW = timezone.now()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _file(name, age_days):
    exports_dir().mkdir(parents=True, exist_ok=True)
    path = exports_dir() / name
    path.write_text("x")
    written = (NOW - dt.timedelta(days=age_days)).timestamp()
    os.utime(path, (written, written))
    return path


def test_cleanup_deletes_only_files_older_than_seven_days():
    old, part, fresh = _file("a.csv", 8), _file("b.part", 7.5), _file("c.xlsx", 6)
    assert exports_cleanup(now=NOW) == ["a.csv", "b.part"]
    assert not old.exists() and not part.exists() and fresh.exists()


def test_retention_period_comes_from_the_setting(settings):
    settings.CONSULTATION_EXPORT_RETENTION_DAYS = 2
    _file("a.csv", 3)
    fresh = _file("b.csv", 1)
    assert exports_cleanup(now=NOW) == ["a.csv"] and fresh.exists()


def test_cleanup_without_an_exports_folder_does_nothing():
    assert exports_cleanup(now=NOW) == []


def test_command_deletes_expired_files(capsys):
    _file("a.csv", 10)
    kept = _file("b.csv", 1)
    call_command("exports_cleanup")
    assert "Deleted 1 export file(s) older than 7 days" in capsys.readouterr().out
    assert kept.exists()
    call_command("exports_cleanup", "--days", "0")
    assert not kept.exists()


def test_each_export_schedules_its_cleanup_which_deletes_the_file(
    client, home_page, make_user, django_capture_on_commit_callbacks
):
    page = make_consultation(home_page, suppression_threshold=3)
    for person in PEOPLE:
        submit(page, answers_for(*person))
    client.force_login(with_mfa(make_user(role=Role.ORGANISER, target=page)))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page.url + "export/xlsx/")
    job_url = response["Location"]
    html = client.get(job_url).content.decode()
    download = re.search(r'href="([^"]+/export/download/[^"]+)"', html)[1]
    assert client.get(download).status_code == 200
    cleanup = Job.objects.get(kind=EXPORT_CLEANUP_KIND, status=JobStatus.QUEUED)
    expected = timezone.now() + dt.timedelta(days=7)
    assert abs((cleanup.run_after - expected).total_seconds()) < 120
    # A second export before then adds no second cleanup.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(page.url + "export/xlsx/")
    assert Job.objects.filter(kind=EXPORT_CLEANUP_KIND).count() == 1
    # Seven days on, the cleanup deletes both files.
    later = cleanup.run_after + dt.timedelta(minutes=1)
    for path in exports_dir().iterdir():
        os.utime(path, ((later - dt.timedelta(days=8)).timestamp(),) * 2)
    jobs_run_due(now=later)
    cleanup.refresh_from_db()
    assert cleanup.status == JobStatus.SUCCEEDED and cleanup.result["deleted"] == 2
    assert not list(exports_dir().iterdir())
    assert client.get(download).status_code == 404
    assert "The file was deleted" in client.get(job_url).content.decode()
    assert Job.objects.filter(kind=EXPORT_KIND).count() == 2


def test_cleanup_that_leaves_files_schedules_the_next_run():
    _file("old.csv", 9)
    _file("new.csv", 2)
    job = Job.objects.create(kind=EXPORT_CLEANUP_KIND, title="Cleanup", run_after=NOW)
    jobs_run_due(now=NOW)
    job.refresh_from_db()
    assert job.result == {"deleted": 1, "remaining": 1}
    following = Job.objects.get(kind=EXPORT_CLEANUP_KIND, status=JobStatus.QUEUED)
    # new.csv was written 2 days ago, so it expires in 5 days.
    assert abs((following.run_after - (NOW + dt.timedelta(days=5))).total_seconds()) < 120
