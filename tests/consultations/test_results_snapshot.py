"""Results from stored snapshots: background refresh, "figures as of", never slow in a request."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Role
from consultations.job_kinds import RESULTS_KIND
from consultations.models import ConsultationPage, ResultsSnapshot
from consultations.results_services import REFRESH_DELAY, results_snapshot_refresh
from jobs.models import Job, JobStatus
from jobs.services import jobs_run_due
from jobs.tasks import job_execute
from tests.consultations.factories import make_consultation
from tests.consultations.test_results_views import (
    PEOPLE,
    answers_for,
    submit,
    submit_people,
    with_mfa,
)

pytestmark = pytest.mark.django_db

CALCULATING = "Results are being calculated"
STALE = "Newer responses are being added"


@pytest.fixture
def large(settings):
    """Treat ten responses as a large consultation, so the snapshot path is taken."""
    settings.CONSULTATION_RESULTS_INLINE_UNDER = 5


@pytest.fixture
def page(home_page):
    page = make_consultation(home_page, suppression_threshold=3)
    submit_people(page)
    Job.objects.filter(kind=RESULTS_KIND).delete()  # start each test with no refresh pending
    return page


@pytest.fixture
def organiser(make_user, page):
    return with_mfa(make_user(role=Role.ORGANISER, target=page))


def results_jobs():
    return Job.objects.filter(kind=RESULTS_KIND)


def get_results(client, page):
    return client.get(page.url + "results/")


def test_stale_snapshot_is_shown_with_as_of_note_and_starts_one_refresh(
    client, large, organiser, page
):
    results_snapshot_refresh(page)
    submit(page, answers_for(*PEOPLE[0]))
    results_jobs().delete()
    client.force_login(organiser)
    first, second = get_results(client, page), get_results(client, page)
    for response in (first, second):
        html = response.content.decode()
        assert response.status_code == 200
        assert "Figures as of" in html and STALE in html
        assert "10 people have answered" in html  # the stored figures, not the eleventh response
        assert response.context["shown"].stale
    assert results_jobs().count() == 1
    assert results_jobs().get().status == JobStatus.QUEUED


def test_a_view_brings_a_deferred_refresh_forward_instead_of_starting_another(
    client, large, organiser, page, django_capture_on_commit_callbacks
):
    results_snapshot_refresh(page)
    with django_capture_on_commit_callbacks(execute=True):
        submit(page, answers_for(*PEOPLE[0]))  # schedules a refresh a few minutes later
    deferred = results_jobs().get()
    assert deferred.run_after > timezone.now()
    client.force_login(organiser)
    get_results(client, page)
    job = results_jobs().get()
    assert job.pk == deferred.pk and job.run_after <= timezone.now()


def test_refresh_job_stores_a_snapshot_that_then_serves_the_view(
    client, large, organiser, page, django_capture_on_commit_callbacks
):
    client.force_login(organiser)
    # The test task backend runs the job as soon as the request's transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        assert CALCULATING in get_results(client, page).content.decode()
    job = results_jobs().get()
    assert job.status == JobStatus.SUCCEEDED and job.result["responses"] == 10
    snapshot = ResultsSnapshot.objects.get(page=page)
    assert snapshot.responses == 10
    response = get_results(client, page)
    html = response.content.decode()
    assert "Figures as of" in html and STALE not in html and CALCULATING not in html
    assert "10 people have answered" in html
    assert not response.context["shown"].stale
    assert results_jobs().count() == 1  # current figures start no new job


def test_no_snapshot_yet_says_results_are_being_calculated(client, large, organiser, page):
    client.force_login(organiser)
    response = get_results(client, page)
    html = response.content.decode()
    assert response.status_code == 200
    assert CALCULATING in html and f'href="{page.url}results/"' in html
    assert "http-equiv" not in html  # no automatic refresh (WCAG 2.2.1)
    assert results_jobs().filter(status=JobStatus.QUEUED).count() == 1


def test_small_consultation_is_computed_in_the_request(client, organiser, page):
    client.force_login(organiser)
    response = get_results(client, page)
    html = response.content.decode()
    assert "10 people have answered" in html and "Figures as of" in html
    assert STALE not in html and CALCULATING not in html
    assert not results_jobs().exists()
    assert ResultsSnapshot.objects.get(page=page).responses == 10


def test_submission_schedules_one_deferred_refresh(large, page, django_capture_on_commit_callbacks):
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit(page, answers_for(*PEOPLE[0]))
    assert not results_jobs().exists()  # scheduled only once the response is committed
    for callback in callbacks:
        callback()
    with django_capture_on_commit_callbacks(execute=True):
        submit(page, answers_for(*PEOPLE[1]))
    job = results_jobs().get()
    assert job.status == JobStatus.QUEUED
    assert job.run_after >= before + REFRESH_DELAY
    assert not ResultsSnapshot.objects.exists()  # nothing was computed in the submission
    jobs_run_due(now=job.run_after + timedelta(seconds=1))
    assert ResultsSnapshot.objects.get(page=page).responses == 12


def test_a_running_refresh_does_not_stop_a_submission_scheduling_another(
    large, page, django_capture_on_commit_callbacks
):
    running = Job.objects.create(
        kind=RESULTS_KIND,
        title="Results",
        params={"page_id": page.pk},
        status=JobStatus.RUNNING,
        started_at=timezone.now(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        submit(page, answers_for(*PEOPLE[0]))
    assert results_jobs().filter(status=JobStatus.QUEUED).exclude(pk=running.pk).count() == 1


def test_a_refresh_of_current_figures_does_not_compute_again(large, page):
    first = results_snapshot_refresh(page)
    job = Job.objects.create(kind=RESULTS_KIND, title="Results", params={"page_id": page.pk})
    job_execute(job_id=str(job.pk))
    assert ResultsSnapshot.objects.get(page=page).computed_at == first.computed_at


def test_deleting_a_response_makes_the_figures_stale(client, large, organiser, page):
    results_snapshot_refresh(page)
    page.responses.order_by("pk").first().delete()
    client.force_login(organiser)
    assert STALE in get_results(client, page).content.decode()
    assert results_jobs().count() == 1


def test_stale_figures_under_a_lower_threshold_are_never_shown(client, large, organiser, page):
    results_snapshot_refresh(page)
    ConsultationPage.objects.filter(pk=page.pk).update(suppression_threshold=5)
    client.force_login(organiser)
    html = get_results(client, ConsultationPage.objects.get(pk=page.pk)).content.decode()
    assert CALCULATING in html and "Figures as of" not in html


def test_public_sees_stored_figures_only_once_published(client, large, page):
    results_snapshot_refresh(page)
    submit(page, answers_for(*PEOPLE[0]))
    results_jobs().delete()
    response = get_results(client, page)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not results_jobs().exists()  # a refused visitor starts no work
    ConsultationPage.objects.filter(pk=page.pk).update(results_published=True)
    published = ConsultationPage.objects.get(pk=page.pk)
    html = get_results(client, published).content.decode()
    assert STALE in html and "Download" not in html


def test_resident_is_refused_results_before_publication(client, large, make_user, page):
    results_snapshot_refresh(page)
    client.force_login(make_user(role=Role.RESIDENT))
    assert get_results(client, page).status_code == 403


def test_summary_export_uses_the_stored_figures_and_says_when_they_are_from(
    client, large, organiser, page
):
    snapshot = results_snapshot_refresh(page)
    submit(page, answers_for(*PEOPLE[0]))
    client.force_login(organiser)
    response = client.get(page.url + "export/summary-csv/")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    as_of = timezone.localtime(snapshot.computed_at).isoformat(timespec="seconds")
    assert rows[1] == ["About these figures", "", "", "", "", "figures as of", as_of]
    carer = "Do you look after someone?"
    assert ["Results", carer, "Yes", "", "Everyone", "count", "6"] in rows  # not yet 7


def test_summary_export_without_figures_yet_goes_to_the_results_page(
    client, large, organiser, page
):
    client.force_login(organiser)
    response = client.get(page.url + "export/summary-xlsx/")
    assert response.status_code == 302 and response["Location"].endswith("/results/")
    assert CALCULATING in client.get(response["Location"]).content.decode()
    assert results_jobs().count() == 1
