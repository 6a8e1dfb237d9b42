"""Large CSV imports: checked, then saved, by background jobs with progress, all or nothing."""

import pytest

from audit.models import AccessLogEntry
from consultations import import_services
from consultations.job_kinds import IMPORT_CHECK_KIND, IMPORT_SAVE_KIND
from consultations.models import Answer, ImportStatus, Response, ResponseImport
from jobs.models import Job, JobStatus
from tests.consultations.import_helpers import CLEAN, csv_upload, latest_problems

pytestmark = pytest.mark.django_db


@pytest.fixture
def large(monkeypatch):
    """Treat the three-row files here as large, so they take the background path."""
    monkeypatch.setattr(import_services, "BACKGROUND_OVER", 2)


def test_large_file_is_checked_in_the_background_with_progress(
    client, consultation, organiser, large, django_capture_on_commit_callbacks
):
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        preview_url = csv_upload(client, consultation, CLEAN)
    upload = ResponseImport.objects.get()
    assert upload.status == ImportStatus.CHECKING and upload.job.kind == IMPORT_CHECK_KIND
    html = client.get(preview_url).content.decode()
    assert "Checking every row of the file" in html and 'data-progress-poll="2"' in html
    assert "Import 3 responses" not in html
    for callback in queued:
        callback()  # the task backend runs the job
    upload.refresh_from_db()
    assert upload.status == ImportStatus.PREVIEW and upload.data == b"" and len(upload.rows) == 3
    job = Job.objects.get(kind=IMPORT_CHECK_KIND)
    assert job.status == JobStatus.SUCCEEDED and job.total == 3
    html = client.get(preview_url).content.decode()
    assert "Import 3 responses" in html and "data-progress-poll" not in html
    assert not Response.objects.exists()


def test_large_file_problems_are_all_listed_after_the_background_check(
    client, consultation, organiser, large, django_capture_on_commit_callbacks
):
    client.force_login(organiser)
    bad = CLEAN.replace("P2,phone", "P2,fax").replace("cm1 1aa", "not a postcode")
    with django_capture_on_commit_callbacks(execute=True):
        preview_url = csv_upload(client, consultation, bad)
    columns = {(p["row"], p["column"]) for p in latest_problems()}
    assert columns == {(2, "postcode"), (3, "channel")}
    html = client.get(preview_url).content.decode()
    assert "The file has 2 problems; nothing has been saved" in html
    assert client.post(preview_url, {"action": "confirm"}).status_code == 302
    assert not Response.objects.exists()


def test_large_import_is_saved_in_the_background_once(
    client, consultation, organiser, large, django_capture_on_commit_callbacks
):
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        preview_url = csv_upload(client, consultation, CLEAN)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        client.post(preview_url, {"action": "confirm"})
        client.post(preview_url, {"action": "confirm"})  # a double click starts no second job
    assert Job.objects.filter(kind=IMPORT_SAVE_KIND).count() == 1
    html = client.get(preview_url).content.decode()
    assert "Saving the responses" in html and not Response.objects.exists()
    for callback in queued:
        callback()
    assert Response.objects.count() == 3
    assert ResponseImport.objects.get().status == ImportStatus.IMPORTED
    assert AccessLogEntry.objects.filter(action="import", record_count=3).exists()
    assert "3 responses were imported" in client.get(preview_url).content.decode()


def test_failure_in_a_background_save_leaves_nothing_partial(
    client, consultation, organiser, large, monkeypatch, django_capture_on_commit_callbacks
):
    from consultations import services

    real, calls = services.response_submit, []

    def failing_on_third(**kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise services.SubmissionRejected(services.ERR_MISSING)
        return real(**kwargs)

    monkeypatch.setattr(services, "response_submit", failing_on_third)
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        preview_url = csv_upload(client, consultation, CLEAN)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(preview_url, {"action": "confirm"})
    assert len(calls) == 3
    assert not Response.objects.exists() and not Answer.objects.exists()
    assert ResponseImport.objects.get().status == ImportStatus.PREVIEW
    assert "Nothing was saved" in client.get(preview_url).content.decode()
    assert not AccessLogEntry.objects.filter(action="import").exists()


def test_row_estimate_counts_rows_without_the_header():
    assert import_services.row_estimate(b"a,b\n1,2\n3,4\n") == 2
    assert import_services.row_estimate(b"a,b\n1,2\n3,4") == 2
    assert import_services.row_estimate(b"a,b") == 0
