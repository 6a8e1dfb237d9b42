"""Who may see a run: commissioners and organisers of that consultation only; raw text is logged."""

import pytest

from accounts.models import Role
from audit.models import AccessLogEntry
from tests.analysis.factories import PARKING, make_answered_survey, make_run, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(home_page):
    return make_run(make_answered_survey(home_page))


def _theme_url(run):
    theme = run.assignments.get(text=PARKING[0]).theme
    return f"/analysis/runs/{run.pk}/themes/{theme.pk}/"


def test_resident_cannot_see_raw_text_or_themes(client, make_user, run):
    client.force_login(make_user())
    assert client.get(_theme_url(run)).status_code == 403
    assert client.get(f"/analysis/runs/{run.pk}/").status_code == 403
    assert not AccessLogEntry.objects.exists()


def test_anonymous_is_sent_to_sign_in(client, run):
    response = client.get(_theme_url(run))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_commissioner_of_another_consultation_gets_403(client, make_user, home_page, run):
    other = make_answered_survey(home_page, texts=[])
    client.force_login(staff(make_user, Role.COMMISSIONER, other))
    assert client.get(_theme_url(run)).status_code == 403
    assert client.get(f"/analysis/runs/{run.pk}/compare/").status_code == 403


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.ORGANISER])
def test_commissioner_and_organiser_of_this_consultation_see_raw_text_and_it_is_logged(
    client, make_user, run, role
):
    user = staff(make_user, role, run.page)
    client.force_login(user)
    response = client.get(_theme_url(run))
    assert response.status_code == 200
    assert PARKING[0] in response.content.decode()
    entry = AccessLogEntry.objects.get(what__startswith="answers as written")
    assert entry.user == user and entry.record_count == len(PARKING)


def test_role_on_an_ancestor_page_covers_the_consultation(client, make_user, home_page, run):
    client.force_login(staff(make_user, Role.COMMISSIONER, home_page))
    assert client.get(f"/analysis/runs/{run.pk}/").status_code == 200


def test_organiser_may_view_but_not_review(client, make_user, run):
    client.force_login(staff(make_user, Role.ORGANISER, run.page))
    theme = run.assignments.get(text=PARKING[0]).theme
    response = client.post(
        f"/analysis/runs/{run.pk}/rename/", {"theme": theme.pk, "label": "Parking"}
    )
    assert response.status_code == 403


def test_commissioner_reviews_through_plain_forms(client, make_user, run):
    client.force_login(staff(make_user, Role.COMMISSIONER, run.page))
    theme = run.assignments.get(text=PARKING[0]).theme
    response = client.post(
        f"/analysis/runs/{run.pk}/rename/", {"theme": theme.pk, "label": "Cost of parking"}
    )
    assert response.status_code == 302
    html = client.get(f"/analysis/runs/{run.pk}/").content.decode()
    assert "Cost of parking" in html and theme.machine_label in html
    assert "Renamed a theme" in client.get(f"/analysis/runs/{run.pk}/compare/").content.decode()


def test_start_form_lists_only_own_questions_and_starts_a_run(client, make_user, home_page, run):
    other = make_answered_survey(home_page, texts=[], title="Someone else's")
    user = staff(make_user, Role.COMMISSIONER, run.page)
    client.force_login(user)
    html = client.get("/analysis/start/").content.decode()
    assert f"{run.page.pk}:q-help" in html and f"{other.pk}:q-help" not in html
    response = client.post(
        "/analysis/start/",
        {
            "title": "Second look",
            "source_kind": "question",
            "question": f"{other.pk}:q-help",
            "text_column": "text",
            "n_themes": "auto",
            "seed": "0",
            "configuration": "tfidf",
        },
    )
    assert response.status_code == 200  # not a choice for this user: error shown, input kept
    html = response.content.decode()
    assert "govuk-error-summary" in html and 'value="Second look"' in html
    response = client.post(
        "/analysis/start/",
        {
            "title": "Second look",
            "source_kind": "question",
            "question": f"{run.page.pk}:q-help",
            "text_column": "text",
            "n_themes": "2",
            "seed": "0",
            "configuration": "tfidf",
        },
    )
    assert response.status_code == 302 and "/analysis/runs/" in response["Location"]
