"""Who may see a run: commissioners and organisers of that consultation only; raw text is logged."""

import pytest

from accounts.models import Role
from analysis import services
from analysis.models import SourceKind, ThemeEdit, ThemeRun
from audit.models import AccessLogEntry
from tests.analysis.factories import (
    BREAKS,
    PARKING,
    answer,
    make_answered_survey,
    make_run,
    quick_parameters,
    run_now,
    staff,
)

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


# Role x action matrix: nobody outside the run's own consultation reaches its text or edits.

OUTSIDERS = [
    "resident",
    "respondent",
    "member of a session",
    "facilitator of a session",
    "commissioner elsewhere",
    "organiser elsewhere",
]


def _outsider(kind, make_user, home_page, run, live_session):
    if kind == "resident":
        return make_user()
    if kind == "respondent":  # answered this very consultation: still only their own answer
        user = make_user()
        answer(run.page, "my own answer about parking", user=user)
        return user
    if kind == "member of a session":
        return make_user(role=Role.MEMBER, target=live_session)
    if kind == "facilitator of a session":
        return staff(make_user, Role.FACILITATOR, live_session)
    other = make_answered_survey(home_page, texts=[], title="Another consultation")
    role = Role.COMMISSIONER if kind == "commissioner elsewhere" else Role.ORGANISER
    return staff(make_user, role, other)


def _requests(run):
    theme = run.assignments.get(text=PARKING[0]).theme
    other = run.assignments.get(text=BREAKS[0]).theme
    item = run.assignments.get(text=PARKING[0])
    report = services.report_create(run=run, user=None, title="Draft findings")
    finding = services.finding_save(
        report=report, user=None, title="Parking", body="", themes=[theme]
    )
    base = f"/analysis/runs/{run.pk}"
    gets = [
        f"{base}/",
        f"{base}/themes/{theme.pk}/",
        f"{base}/compare/",
        f"{base}/crosstab/",
        f"{base}/report/",
        f"/analysis/findings/{finding.pk}/decision/",
    ]
    posts = [
        (f"{base}/rename/", {"theme": theme.pk, "label": "Taken over"}),
        (f"{base}/note/", {"theme": theme.pk, "notes": "Taken over"}),
        (f"{base}/merge/", {"into": theme.pk, "sources": [other.pk]}),
        (f"{base}/split/", {"theme": theme.pk, "n_parts": 2}),
        (f"{base}/move/", {"assignment": item.pk, "theme": other.pk}),
        (f"{base}/key-quote/", {"assignment": item.pk, "key": "1"}),
        (f"{base}/redaction/", {"assignment": item.pk, "text": "edited"}),
        (f"{base}/rerun/", {}),
        (f"{base}/report/", {"save_report": "1", "title": "Taken over"}),
        (f"/analysis/reports/{report.pk}/publish/", {}),
    ]
    return report, gets, posts


@pytest.mark.parametrize("kind", OUTSIDERS)
def test_outsiders_are_refused_every_page_and_action_of_a_run(
    client, make_user, home_page, run, live_session, kind
):
    report, gets, posts = _requests(run)
    client.force_login(_outsider(kind, make_user, home_page, run, live_session))
    for url in gets:
        response = client.get(url)
        assert response.status_code == 403, url
        assert PARKING[0] not in response.content.decode()
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    # The draft report and its exports do not exist for them.
    for url in (
        f"/analysis/reports/{report.pk}/",
        f"/analysis/reports/{report.pk}/export.csv",
        f"/analysis/reports/{report.pk}/export.xlsx",
    ):
        assert client.get(url).status_code == 404, url
    assert not ThemeEdit.objects.exists()
    assert ThemeRun.objects.count() == 1
    report.refresh_from_db()
    assert not report.is_published and report.title == "Draft findings"
    assert not AccessLogEntry.objects.exists()
    html = client.get("/analysis/").content.decode()
    assert run.title not in html
    assert f"{run.page.pk}:q-help" not in client.get("/analysis/start/").content.decode()


def test_residents_see_a_published_report_but_never_answers_as_written(client, make_user, run):
    report, _, _ = _requests(run)
    quote = run.assignments.get(text=PARKING[0])
    services.quote_mark_key(assignment=quote, user=None)
    services.quote_redaction_confirm(assignment=quote, user=None, text="parking is dear")
    services.report_publish(report=report, user=None)
    client.force_login(make_user())
    html = client.get(f"/analysis/reports/{report.pk}/").content.decode()
    assert "parking is dear" in html
    for text in [*PARKING, *BREAKS]:
        assert text not in html
    csv_text = client.get(f"/analysis/reports/{report.pk}/export.csv").content.decode()
    assert "parking is dear" in csv_text and PARKING[0] not in csv_text
    theme_url = f"/analysis/runs/{run.pk}/themes/{quote.theme_id}/"
    assert client.get(theme_url).status_code == 403


def test_session_runs_belong_to_the_sessions_commissioner_only(
    client, make_user, home_page, run, live_session, statement_factory
):
    for text in PARKING:
        statement_factory(session=live_session, text=text)
    session_run = run_now(
        services.theme_run_start(
            user=None,
            title="Session themes",
            source_kind=SourceKind.SESSION,
            session=live_session,
            parameters=quick_parameters(n_themes=1),
        )
    )
    url = f"/analysis/runs/{session_run.pk}/"
    client.force_login(staff(make_user, Role.COMMISSIONER, run.page))
    assert client.get(url).status_code == 403
    assert "Session themes" not in client.get("/analysis/").content.decode()
    client.force_login(staff(make_user, Role.COMMISSIONER, live_session))
    assert client.get(url).status_code == 200
    html = client.get("/analysis/").content.decode()
    assert "Session themes" in html and run.title not in html
