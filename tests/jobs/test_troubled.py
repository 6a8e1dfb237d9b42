"""Jobs that fail, or fail a run and wait to try again, are shown to their owners.

Each kind names who owns its jobs (a permission on an object); they see what failed
and when on their home page and may start it again where the kind allows.
"""

import re
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.utils import timezone

from accounts.models import Role
from consultations.models import ConsultationPage
from jobs.models import Job, JobStatus
from jobs.registry import job_kind
from jobs.services import NOT_RETRYABLE, job_start
from tests.consultations.factories import make_consultation

pytestmark = pytest.mark.django_db
RUNS: list[str] = []


def _owner(job):
    return ConsultationPage.objects.filter(pk=job.params["page_id"]).first(), "consultations.manage"


@job_kind("tests.owned", owner=_owner, retry=True)
def _owned(job, progress):
    RUNS.append(str(job.pk))
    return {"ok": True}


@job_kind("tests.owned_once", owner=_owner)
def _owned_once(job, progress):
    return {}


@job_kind("tests.unowned", retry=True)
def _unowned(job, progress):
    return {}


def _failed(kind, page, **fields):
    defaults = {
        "title": f"Export for {page.title}",
        "status": JobStatus.FAILED,
        "attempts": 3,
        "error": "ConnectionError: the mail server went away",
        "finished_at": timezone.now(),
    }
    return Job.objects.create(kind=kind, params={"page_id": page.pk}, **defaults | fields)


@pytest.fixture
def pages(home_page):
    return make_consultation(home_page, title="Survey A"), make_consultation(
        home_page, title="Survey B"
    )


def _staff(make_user, role, target):
    user = make_user(role=role, target=target)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return user


def test_an_organiser_sees_what_failed_and_when_on_their_home_page(client, make_user, pages):
    a, b = pages
    job = _failed("tests.owned", a)
    _failed("tests.owned", b, title="Someone else's export")
    client.force_login(_staff(make_user, Role.ORGANISER, a))
    html = client.get("/account/").content.decode()
    assert "Background jobs that need attention" in html
    assert job.title in html and "the mail server went away" in html
    assert "Failed</strong> after 3 attempts" in html
    assert f'action="/jobs/{job.pk}/retry/"' in html
    assert re.search(r'name="csrfmiddlewaretoken" value="\w{20,}"', html), "no CSRF token"
    assert "Someone else's export" not in html


def test_a_job_waiting_for_its_next_attempt_is_shown_with_when_it_will_try(
    client, make_user, pages
):
    a, _ = pages
    _failed(
        "tests.owned",
        a,
        status=JobStatus.QUEUED,
        attempts=1,
        finished_at=None,
        started_at=timezone.now(),
        run_after=timezone.now() + timedelta(minutes=5),
        message="Attempt 1 of 3 failed; trying again at 10:05.",
    )
    client.force_login(_staff(make_user, Role.ORGANISER, a))
    html = client.get("/account/").content.decode()
    assert "Trying again</strong> Attempt 1 of 3 failed; trying again at 10:05." in html
    assert "Try now" in html


@pytest.mark.parametrize("role", [None, Role.RESIDENT, Role.COMMISSIONER])
def test_no_one_else_sees_the_jobs(client, make_user, pages, role):
    a, b = pages
    _failed("tests.owned", a)
    target = a if role == Role.COMMISSIONER else None
    user = _staff(make_user, role, target) if role else _staff(make_user, Role.ORGANISER, b)
    client.force_login(user)
    assert "Background jobs that need attention" not in client.get("/account/").content.decode()


def test_trying_again_runs_the_job_once_more_with_fresh_attempts(
    client, make_user, pages, django_capture_on_commit_callbacks
):
    a, _ = pages
    job = _failed("tests.owned", a)
    client.force_login(_staff(make_user, Role.ORGANISER, a))
    RUNS.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/jobs/{job.pk}/retry/")
    assert response.status_code == 302 and response["Location"] == "/account/"
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.attempts == 1 and [str(job.pk)] == RUNS
    # A second click finds nothing to try again and runs nothing.
    followed = client.post(f"/jobs/{job.pk}/retry/", follow=True)
    assert "has not failed" in followed.content.decode() and [str(job.pk)] == RUNS


def test_others_cannot_try_a_job_again_or_learn_that_it_exists(client, make_user, pages):
    a, b = pages
    job = _failed("tests.owned", a)
    url = f"/jobs/{job.pk}/retry/"
    assert client.post(url)["Location"].startswith("/accounts/login/")
    for user in (make_user(), _staff(make_user, Role.ORGANISER, b)):
        client.force_login(user)
        assert client.post(url).status_code == 404
        assert client.get(f"/jobs/{job.pk}/").status_code == 404
    client.force_login(_staff(make_user, Role.ORGANISER, a))
    assert client.get(url).status_code == 405
    assert client.get(f"/jobs/{job.pk}/").status_code == 200
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED


def test_a_kind_that_may_not_run_twice_shows_no_button_and_refuses(client, make_user, pages):
    a, _ = pages
    job = _failed("tests.owned_once", a)
    client.force_login(_staff(make_user, Role.ORGANISER, a))
    html = client.get("/account/").content.decode()
    assert job.title in html and f"/jobs/{job.pk}/retry/" not in html
    followed = client.post(f"/jobs/{job.pk}/retry/", follow=True)
    assert NOT_RETRYABLE in followed.content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED


def test_jobs_with_no_owner_are_shown_to_superusers_only(client, make_user, pages):
    a, _ = pages
    job = _failed("tests.unowned", a, title="Delete expired export files")
    client.force_login(_staff(make_user, Role.ORGANISER, a))
    assert job.title not in client.get("/account/").content.decode()
    admin = make_user(is_superuser=True)
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={})
    client.force_login(admin)
    assert job.title in client.get("/account/").content.decode()


def test_old_failures_drop_off_the_list(client, make_user, pages):
    a, _ = pages
    job = _failed("tests.owned", a)
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(days=15))
    client.force_login(_staff(make_user, Role.ORGANISER, a))
    assert job.title not in client.get("/account/").content.decode()


def test_a_started_job_of_a_real_kind_names_its_owner(make_user, pages):
    from jobs.selectors import job_visible

    a, b = pages
    job = job_start(kind="consultations.results", title="Results", params={"page_id": a.pk})
    assert job_visible(job=job, user=_staff(make_user, Role.ORGANISER, a))
    assert not job_visible(job=job, user=_staff(make_user, Role.ORGANISER, b))
