"""Retention runs from a published date only, and a date already past waits for a confirmation.

The incident: with the demo's retention date past, one draft save in the CMS anonymised
the whole pool at once, and the access log named "anonymous".
"""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import nested_form_data, rich_text

from assembly import services
from assembly.job_kinds import POOL_RETENTION_KIND
from assembly.models import Answer, AssemblyPage, Volunteer
from assembly.services.retention import COUNT_CHANGED
from audit.models import AccessLogEntry
from jobs.models import Job, JobStatus
from jobs.services import jobs_run_due
from tests.assembly.factories import AssemblyPageFactory, organiser_of

pytestmark = pytest.mark.django_db

KIND = POOL_RETENTION_KIND
POOL = 24


@pytest.fixture
def drawn(home_page, panel_drawn):
    """A published assembly with a pool of 24, a drawn panel, and a retention date ahead."""
    page = panel_drawn(AssemblyPageFactory(panel_size=6))
    page.retention_date = timezone.localdate() + timedelta(days=200)
    page.save_revision().publish()
    return page


def _cms_save(client, page, *, retention_date, publish, title=None):
    data = {
        "title": title or page.title,
        "slug": page.slug,
        "question": page.question,
        "intro": rich_text(""),
        "how_selection_works": rich_text(""),
        "status": page.status,
        "panel_size": str(page.panel_size),
        "retention_date": retention_date.isoformat(),
    }
    if publish:
        data["action-publish"] = "action-publish"
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), nested_form_data(data)
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def _anonymised(page):
    return Volunteer.objects.filter(assembly=page, anonymised_at__isnull=False).count()


def _queued(page):
    return Job.objects.filter(kind=KIND, status=JobStatus.QUEUED, params__assembly_id=page.pk)


def test_a_draft_save_with_a_past_retention_date_anonymises_nothing(
    client, make_user, drawn, django_capture_on_commit_callbacks
):
    # As in the demo: the live page already holds a retention date that has passed.
    AssemblyPage.objects.filter(pk=drawn.pk).update(retention_date=date(2020, 1, 1))
    drawn.refresh_from_db()
    client.force_login(organiser_of(make_user, drawn))
    jobs_before = list(Job.objects.filter(kind=KIND).values_list("pk", "status"))
    with django_capture_on_commit_callbacks(execute=True):
        _cms_save(client, drawn, retention_date=date(2020, 1, 1), publish=False, title="Draft")
    jobs_run_due()
    assert _anonymised(drawn) == 0
    assert Answer.objects.filter(volunteer__assembly=drawn).exists()
    assert list(Job.objects.filter(kind=KIND).values_list("pk", "status")) == jobs_before
    assert not AccessLogEntry.objects.filter(action="delete").exists()


def test_publishing_a_past_retention_date_waits_for_a_confirmation_naming_the_count(
    client, make_user, drawn, django_capture_on_commit_callbacks
):
    client.force_login(organiser_of(make_user, drawn))
    with django_capture_on_commit_callbacks(execute=True):
        _cms_save(client, drawn, retention_date=date(2020, 1, 1), publish=True)
    jobs_run_due()
    assert _anonymised(drawn) == 0
    assert not _queued(drawn).exists()  # the job queued for the earlier date is cancelled
    overview = client.get(reverse("assembly:manage", args=[drawn.pk])).content.decode()
    assert f"{POOL} volunteers still wait to be anonymised" in overview
    confirm = client.get(reverse("assembly:pool_anonymise", args=[drawn.pk]))
    assert confirm.status_code == 200
    assert f"Anonymise {POOL} volunteers now?" in confirm.content.decode()
    assert _anonymised(drawn) == 0  # opening the page changes nothing


def test_confirming_anonymises_the_pool_and_records_the_organiser(
    client, make_user, drawn, django_capture_on_commit_callbacks
):
    organiser = organiser_of(make_user, drawn)
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        _cms_save(client, drawn, retention_date=date(2020, 1, 1), publish=True)
    url = reverse("assembly:pool_anonymise", args=[drawn.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"count": str(POOL)})
    job = Job.objects.get(kind=KIND, params__confirmed=True)
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.created_by == organiser
    assert _anonymised(drawn) == POOL
    assert not Answer.objects.filter(volunteer__assembly=drawn).exists()
    entry = AccessLogEntry.objects.get(action="delete")
    assert entry.user == organiser and entry.user_label == organiser.email
    assert entry.record_count == POOL and entry.detail["job"] == str(job.pk)


def test_a_confirmation_for_a_different_count_is_refused(
    client, make_user, drawn, django_capture_on_commit_callbacks
):
    client.force_login(organiser_of(make_user, drawn))
    with django_capture_on_commit_callbacks(execute=True):
        _cms_save(client, drawn, retention_date=date(2020, 1, 1), publish=True)
    url = reverse("assembly:pool_anonymise", args=[drawn.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"count": str(POOL - 1)})
    assert response.status_code == 400
    assert COUNT_CHANGED.format(count=POOL) in response.content.decode()
    assert _anonymised(drawn) == 0
    assert not Job.objects.filter(kind=KIND, params__confirmed=True).exists()


def test_nothing_to_confirm_while_the_retention_date_is_ahead(client, make_user, drawn):
    client.force_login(organiser_of(make_user, drawn))
    url = reverse("assembly:pool_anonymise", args=[drawn.pk])
    assert "Nothing to anonymise yet" in client.get(url).content.decode()
    response = client.post(url, {"count": str(POOL)})
    assert response.status_code == 400
    assert services.retention.NOT_DUE in response.content.decode()
    assert _anonymised(drawn) == 0


def test_organisers_of_another_assembly_cannot_confirm(client, make_user, drawn, home_page):
    drawn.retention_date = date(2020, 1, 1)
    drawn.save_revision().publish()
    other = AssemblyPageFactory()
    client.force_login(organiser_of(make_user, other))
    url = reverse("assembly:pool_anonymise", args=[drawn.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"count": str(POOL)}).status_code == 403
    assert _anonymised(drawn) == 0


def test_publishing_with_an_unchanged_date_schedules_nothing_new(
    client, make_user, drawn, django_capture_on_commit_callbacks
):
    client.force_login(organiser_of(make_user, drawn))
    before = list(_queued(drawn).values_list("pk", flat=True))
    assert len(before) == 1
    with django_capture_on_commit_callbacks(execute=True):
        _cms_save(client, drawn, retention_date=drawn.retention_date, publish=True, title="Renamed")
    assert list(_queued(drawn).values_list("pk", flat=True)) == before
    assert Job.objects.filter(kind=KIND).count() == 1


def test_publishing_a_new_date_reschedules_and_the_dated_run_names_the_publisher(
    client, make_user, drawn, django_capture_on_commit_callbacks
):
    organiser = organiser_of(make_user, drawn)
    client.force_login(organiser)
    new_date = drawn.retention_date + timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        _cms_save(client, drawn, retention_date=new_date, publish=True)
    job = _queued(drawn).get()
    assert job.created_by == organiser and job.params["retention_date"] == new_date.isoformat()
    assert Job.objects.filter(kind=KIND, status=JobStatus.CANCELLED).count() == 1
    drawn.refresh_from_db()
    due = services.retention_due_at(drawn)
    jobs_run_due(now=due - timedelta(minutes=1))
    assert _anonymised(drawn) == 0
    jobs_run_due(now=due + timedelta(minutes=1))
    assert _anonymised(drawn) == POOL
    assert AccessLogEntry.objects.get(action="delete").user == organiser
