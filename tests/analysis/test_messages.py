"""A confirmation shows once: base.html already renders the messages, pages must not again."""

import pytest

from accounts.models import Role
from tests.analysis.factories import PARKING, make_answered_survey, make_run, staff

pytestmark = pytest.mark.django_db


def test_finding_added_is_shown_exactly_once(client, make_user, home_page):
    run = make_run(make_answered_survey(home_page))
    client.force_login(staff(make_user, Role.COMMISSIONER, run.page))
    theme = run.assignments.get(text=PARKING[0]).theme
    url = f"/analysis/runs/{run.pk}/report/"
    html = client.post(url, {"save_report": "1", "title": "Findings"}, follow=True)
    assert html.content.decode().count("Report saved.") == 1
    response = client.post(
        url,
        {"add_finding": "1", "finding-title": "Parking", "themes": [theme.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert html.count("Finding added.") == 1
    assert html.count("govuk-notification-banner__heading") == 1


def test_report_published_is_shown_exactly_once(client, make_user, home_page):
    run = make_run(make_answered_survey(home_page))
    client.force_login(staff(make_user, Role.COMMISSIONER, run.page))
    theme = run.assignments.get(text=PARKING[0]).theme
    url = f"/analysis/runs/{run.pk}/report/"
    client.post(url, {"save_report": "1", "title": "Findings"})
    client.post(url, {"add_finding": "1", "finding-title": "Parking", "themes": [theme.pk]})
    report = run.reports.get()
    response = client.post(f"/analysis/reports/{report.pk}/publish/", follow=True)
    assert response.content.decode().count("Report published.") == 1


def test_saved_is_shown_exactly_once_on_the_run_and_theme_pages(client, make_user, home_page):
    run = make_run(make_answered_survey(home_page))
    client.force_login(staff(make_user, Role.COMMISSIONER, run.page))
    theme = run.assignments.get(text=PARKING[0]).theme
    for next_url in [f"/analysis/runs/{run.pk}/", f"/analysis/runs/{run.pk}/themes/{theme.pk}/"]:
        response = client.post(
            f"/analysis/runs/{run.pk}/rename/",
            {"theme": theme.pk, "label": "Parking costs", "next": next_url},
            follow=True,
        )
        assert response.redirect_chain[-1][0] == next_url
        assert response.content.decode().count("govuk-notification-banner__heading") == 1
