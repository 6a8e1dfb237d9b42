"""The demo assembly's dates agree with each other and with today, whenever it is loaded."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from assembly.demo import demo_assembly, demo_dates
from assembly.selectors import open_for_home
from assembly.services import pool_retention_pending, retention_due_at
from jobs.models import Job, JobStatus


@pytest.mark.parametrize("today", [date(2026, 12, 7), date(2027, 2, 28), date(2030, 6, 1)])
def test_demo_dates_lie_ahead_in_order(today):
    dates = demo_dates(today)
    assert today < dates["starts_on"] < dates["ends_on"] < dates["retention_date"]
    assert dates["starts_on"] - today >= timedelta(days=21)
    assert dates["starts_on"].weekday() == 5  # a Saturday, as assembly weekends are
    assert dates["retention_date"] - dates["ends_on"] >= timedelta(days=180)


@pytest.mark.django_db
def test_demo_assembly_has_closed_recruitment_future_meetings_and_no_pending_anonymisation(
    home_page, make_user
):
    page = demo_assembly(member_user=make_user())
    page.refresh_from_db()
    today = timezone.localdate()
    assert not page.recruitment_open
    assert page.starts_on > today and page.retention_date > page.ends_on
    meetings = list(page.meetings.all())
    assert len(meetings) == 3
    assert all(m.starts_at.date() >= page.starts_on for m in meetings)
    assert meetings[-1].starts_at.date() == page.ends_on
    assert pool_retention_pending(assembly=page) == 0
    assert not page.volunteers.filter(anonymised_at__isnull=False).exists()
    job = Job.objects.get(kind="assembly.pool_retention", status=JobStatus.QUEUED)
    assert job.run_after == retention_due_at(page)
    assert [item.status for item in open_for_home(user=None)] != ["Volunteers wanted"]
