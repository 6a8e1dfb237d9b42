"""The demo analysis runs on the demo survey, publishes a report and is idempotent."""

import pytest

from analysis.demo import demo_analysis
from analysis.models import Decision, ThemeRun
from consultations.demo import demo_consultations

pytestmark = pytest.mark.django_db


def test_demo_analysis_publishes_a_reviewed_report_once(home_page, user):
    demo_consultations(home_page, responses=60)
    run = demo_analysis(commissioner=user)
    assert run.status == "done" and run.edits.filter(user=user).exists()
    report = run.reports.get()
    assert report.is_published and Decision.objects.filter(finding__report=report).count() == 1
    assert demo_analysis(commissioner=user) == run
    assert ThemeRun.objects.count() == 1


def test_demo_analysis_does_nothing_without_the_demo_survey(home_page):
    assert demo_analysis() is None
