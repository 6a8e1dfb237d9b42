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


def test_demo_public_pages_show_readable_labels_and_nothing_internal(client, home_page, user):
    demo_consultations(home_page, responses=60)
    run = demo_analysis(commissioner=user)
    report = run.reports.get()
    public = [
        client.get(f"/analysis/reports/{report.pk}/").content.decode(),
        client.get(report.page.url).content.decode(),
    ]
    assert "You said, we did" in public[1]
    themes = [t for t in run.themes.all() if not (t.is_other or t.is_excluded)]
    for theme in themes:
        assert theme.label == theme.machine_label  # the demo leaves the machine's phrase
        answers = [a.text.lower() for a in theme.assignments.all()]
        assert any(theme.label.lower() in a for a in answers), theme.label
        triple = " / ".join(theme.top_terms[:3])
        assert all(triple not in html for html in public)
    for finding in report.findings.all():
        assert " / " not in finding.title
    for html in public:
        assert "(reviewed)" not in html and "(no distinctive words)" not in html
