"""Every analysis page renders for its commissioner, without JavaScript."""

import pytest

from accounts.models import Role
from analysis import services
from analysis.models import RunStatus, SourceKind
from tests.analysis.factories import (
    PARKING,
    make_answered_survey,
    make_run,
    quick_parameters,
    run_now,
    staff,
)

pytestmark = pytest.mark.django_db


def test_commissioner_pages_render(client, make_user, home_page):
    run = make_run(make_answered_survey(home_page))
    user = staff(make_user, Role.COMMISSIONER, run.page)
    client.force_login(user)
    theme = run.assignments.get(text=PARKING[0]).theme
    for url in [
        "/analysis/",
        "/analysis/start/",
        f"/analysis/runs/{run.pk}/",
        f"/analysis/runs/{run.pk}/themes/{theme.pk}/",
        f"/analysis/runs/{run.pk}/compare/",
        f"/analysis/runs/{run.pk}/crosstab/",
        f"/analysis/runs/{run.pk}/report/",
    ]:
        assert client.get(url).status_code == 200, url
    response = client.post(
        f"/analysis/runs/{run.pk}/report/", {"save_report": "1", "title": "Findings"}
    )
    assert response.status_code == 302
    response = client.post(
        f"/analysis/runs/{run.pk}/report/",
        {"add_finding": "1", "finding-title": "Parking", "themes": [theme.pk]},
    )
    assert response.status_code == 302
    report = run.reports.get()
    assert report.findings.get().themes.get() == theme
    response = client.post(f"/analysis/reports/{report.pk}/publish/")
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.is_published  # no key quotes yet, so nothing unreviewed
    assert client.get(f"/analysis/reports/{report.pk}/").status_code == 200


def test_run_page_refreshes_while_the_job_waits(client, make_user, home_page):
    page = make_answered_survey(home_page)
    run = services.theme_run_start(
        user=None,
        title="Waiting",
        source_kind=SourceKind.QUESTION,
        page=page,
        question_id="q-help",
        parameters=quick_parameters(),
    )
    client.force_login(staff(make_user, Role.COMMISSIONER, page))
    html = client.get(f"/analysis/runs/{run.pk}/").content.decode()
    assert 'data-progress-poll="2"' in html and "Progress" in html
    assert 'http-equiv="refresh"' not in html  # no timed refresh (WCAG 2.2.1)
    assert "Check the progress again" in html


def test_run_of_a_live_sessions_statements(live_session, statement_factory):
    for text in PARKING:
        statement_factory(session=live_session, text=text)
    statement_factory(session=live_session, text="hidden one", hidden=True)
    run = services.theme_run_start(
        user=None,
        title="Session",
        source_kind=SourceKind.SESSION,
        session=live_session,
        parameters=quick_parameters(n_themes=1),
    )
    run = run_now(run)
    assert run.status == RunStatus.DONE
    assert run.assignments.count() == len(PARKING)
    assert run.target == live_session
