"""Exports: responses round-trip through CSV and XLSX, formulas stay inert, roles and the log."""

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from accounts.models import Role
from audit.models import AccessLogEntry
from consultations import export_views
from consultations.job_kinds import EXPORT_KIND
from consultations.questions import AnswerValue
from consultations.summary_export import SUMMARY_HEADER
from jobs.models import Job, JobStatus
from tests.consultations.factories import make_consultation
from tests.consultations.test_results_views import PEOPLE, answers_for, submit, with_mfa

pytestmark = pytest.mark.django_db

INJECTION = '=HYPERLINK("http://x","y")'
CARER, USED, RANK = (
    "Do you look after someone?",
    "Which services have you used?",
    "Rank these priorities",
)
FIND, BREAK = "How easy is it to…: find information", "How easy is it to…: get a break"


@pytest.fixture
def page(home_page):
    page = make_consultation(home_page, suppression_threshold=3)
    for person in PEOPLE:
        submit(page, answers_for(*person))
    return page


@pytest.fixture
def organiser(make_user, page):
    return with_mfa(make_user(role=Role.ORGANISER, target=page))


@pytest.fixture
def commissioner(make_user, page):
    return with_mfa(make_user(role=Role.COMMISSIONER, target=page))


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _csv(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _xlsx(content: bytes) -> list[dict]:
    rows = list(
        load_workbook(io.BytesIO(content), read_only=True).active.iter_rows(values_only=True)
    )
    return [
        dict(zip(rows[0], (("" if v is None else v) for v in row), strict=True)) for row in rows[1:]
    ]


def _expected(person) -> dict:
    carer, used, scale, rank, matrix, hours, age = person
    return {
        CARER: carer,
        USED: "; ".join(used),
        "Support for carers is good enough": str(scale),
        RANK: "; ".join(f"{i}. {o}" for i, o in enumerate(rank, start=1)),
        FIND: matrix[0],
        BREAK: matrix[1],
        "Hours a week spent caring": str(hours),
        "Your age": age,
        "Your town": "Chelmsford",
        "Channel": "Online",
    }


def _matches(row: dict, expected: dict) -> bool:
    return all(str(row[k]) == v for k, v in expected.items())


def _start_job(client, page, fmt, django_capture_on_commit_callbacks):
    url = page.url + f"export/{fmt}/"
    assert "Prepare the file" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    return Job.objects.get(kind=EXPORT_KIND), client.get(response["Location"])


def test_organiser_csv_export_round_trips_every_answer_and_is_logged(client, organiser, page):
    client.force_login(organiser)
    response = client.get(page.url + "export/csv/")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Disposition"].startswith("attachment")
    rows = _csv(response)
    assert len(rows) == len(PEOPLE)
    for row, person in zip(rows, PEOPLE, strict=True):
        assert _matches(row, _expected(person)), row
    assert rows[0]["Response"] and rows[0]["Submitted"] and rows[0]["Entered by"] == ""
    entry = AccessLogEntry.objects.get()
    assert (entry.action, entry.record_count, entry.object_id) == ("export", 10, page.pk)


def test_other_text_has_its_own_column_and_formulas_export_inert(client, organiser, page):
    answers = answers_for(*PEOPLE[0], town=INJECTION)
    answers["q-used"] = [
        AnswerValue("GP"),
        AnswerValue("Other"),
        AnswerValue("@SUM(1)", row="other"),
    ]
    submit(page, answers, channel="paper", entered_by=organiser)
    client.force_login(organiser)
    row = _csv(client.get(page.url + "export/csv/"))[-1]
    assert row["Your town"] == "'" + INJECTION
    assert row[USED] == "GP; Other" and row[f"{USED} (other)"] == "'@SUM(1)"
    assert row["Channel"] == "Paper form" and row["Entered by"] == organiser.email


def test_commissioner_gets_aggregates_only_without_demographic_columns(client, commissioner, page):
    client.force_login(commissioner)
    assert client.get(page.url + "export/csv/").status_code == 403
    assert client.get(page.url + "export/xlsx/").status_code == 403
    response = client.get(page.url + "export/summary-csv/")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == SUMMARY_HEADER and "Your age" not in rows[0]
    assert ["Results", CARER, "Yes", "", "Everyone", "count", "6"] in rows
    assert ["Results", CARER, "Yes", "", "Everyone", "percent", "60.0"] in rows
    assert any(r[-1] == "hidden" for r in rows)  # the small cross-tab cells
    assert not AccessLogEntry.objects.exists()


def test_aggregate_workbook_holds_the_same_figures(client, commissioner, page):
    client.force_login(commissioner)
    response = client.get(page.url + "export/summary-xlsx/")
    rows = _xlsx(response.content)
    assert {"Section": "Results", "Question": CARER, "Answer": "No", "Group by": "",
            "Group": "Everyone", "Figure": "count", "Value": 4} in rows  # fmt: skip


def test_xlsx_export_runs_as_a_job_and_downloads_with_permission_only(
    client, organiser, commissioner, make_user, page, django_capture_on_commit_callbacks
):
    client.force_login(organiser)
    job, progress_page = _start_job(client, page, "xlsx", django_capture_on_commit_callbacks)
    assert job.status == JobStatus.SUCCEEDED and job.result["rows"] == 10
    assert "Download the file" in progress_page.content.decode()
    download_url = re.search(
        r'href="([^"]+/export/download/[^"]+)"', progress_page.content.decode()
    )[1]
    response = client.get(download_url)
    assert response.status_code == 200
    rows = _xlsx(b"".join(response.streaming_content))
    for row, person in zip(rows, PEOPLE, strict=True):
        assert _matches(row, _expected(person)), row
    assert AccessLogEntry.objects.filter(action="export").count() == 1
    client.force_login(commissioner)
    assert client.get(download_url).status_code == 403
    client.force_login(make_user(role=Role.RESIDENT))
    assert client.get(download_url).status_code == 403
    client.logout()
    assert client.get(download_url).status_code == 302
    assert AccessLogEntry.objects.count() == 1


def test_large_csv_export_runs_in_the_background(
    client, organiser, page, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(export_views, "BACKGROUND_OVER", 5)
    client.force_login(organiser)
    job, _ = _start_job(client, page, "csv", django_capture_on_commit_callbacks)
    response = client.get(page.url + f"export/download/{job.pk}/")
    rows = _csv(response)
    assert [r[CARER] for r in rows] == [p[0] for p in PEOPLE]


def test_download_of_another_consultations_job_is_not_found(
    client, organiser, home_page, page, django_capture_on_commit_callbacks
):
    client.force_login(organiser)
    job, _ = _start_job(client, page, "xlsx", django_capture_on_commit_callbacks)
    other = make_consultation(home_page)
    assert client.get(other.url + f"export/download/{job.pk}/").status_code in (403, 404)


def test_unknown_format_is_not_found_and_others_are_refused(client, organiser, make_user, page):
    client.force_login(organiser)
    assert client.get(page.url + "export/pdf/").status_code == 404
    client.force_login(make_user(role=Role.RESIDENT))
    assert client.get(page.url + "export/csv/").status_code == 403
    assert client.get(page.url + "export/summary-csv/").status_code == 403
    client.logout()
    assert client.get(page.url + "export/csv/").status_code == 302
