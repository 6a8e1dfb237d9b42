"""Quotes are published only from people who agreed that their words may be published."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from accounts.models import Role
from analysis import services
from analysis.exports import report_csv, report_xlsx
from analysis.models import RunStatus, SourceKind
from tests.analysis.factories import (
    BREAKS,
    PARKING,
    make_answered_survey,
    make_run,
    quick_parameters,
    run_now,
    staff,
)

pytestmark = pytest.mark.django_db
PRIVATE = PARKING[1]  # this respondent said no to publication
PUBLIC = PARKING[0]


def _published_report(run, user):
    """A published report citing the parking theme, with a key quote from each respondent."""
    private = run.assignments.get(text=PRIVATE)
    public = run.assignments.get(text=PUBLIC)
    report = services.report_create(run=run, user=user, title="What carers told us")
    for quote in (private, public):
        services.quote_mark_key(assignment=quote, user=user)
    finding = services.finding_save(
        report=report, user=user, title="Parking costs carers", body="", themes=[public.theme]
    )
    services.quote_redaction_confirm(assignment=public, user=user)
    services.report_publish(report=report, user=user)  # the private quote needs no check
    return report, finding


@pytest.fixture
def run(home_page):
    return make_run(make_answered_survey(home_page, private=[PRIVATE]))


def test_consent_is_taken_from_each_response(run):
    consent = dict(run.assignments.values_list("text", "publish_consent"))
    assert consent[PRIVATE] is False
    assert all(consent[t] for t in [*PARKING, *BREAKS] if t != PRIVATE)


def test_report_page_and_exports_leave_out_quotes_without_consent(client, run, user):
    report, _ = _published_report(run, user)
    html = client.get(f"/analysis/reports/{report.pk}/").content.decode()
    assert PUBLIC in html and PRIVATE not in html
    rows = list(csv.reader(io.StringIO(report_csv(report))))
    quotes = [r[2] for r in rows if r[0] == "Quotes"]
    assert quotes == [PUBLIC]
    sheet = load_workbook(io.BytesIO(report_xlsx(report)))["Quotes"]
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == [PUBLIC]


def test_you_said_we_did_quotes_only_consenting_respondents(client, run, user):
    _, finding = _published_report(run, user)
    services.decision_record(
        finding=finding,
        user=user,
        outcome="accepted",
        response="Free parking for carers from May.",
        decided_on=date(2025, 3, 27),
    )
    html = client.get(run.page.url).content.decode()
    assert "Free parking for carers from May." in html
    assert f"“{PUBLIC}”" in html and PRIVATE not in html


def test_commissioner_sees_text_without_consent_marked_not_for_publication(client, make_user, run):
    client.force_login(staff(make_user, Role.COMMISSIONER, run.page))
    private = run.assignments.get(text=PRIVATE)
    services.quote_mark_key(assignment=private, user=None)
    html = client.get(f"/analysis/runs/{run.pk}/themes/{private.theme_id}/").content.decode()
    card = html[html.index(f'id="answer-{private.pk}"') :]
    card = card[: card.index('class="govuk-summary-card"', 10)]
    assert PRIVATE in card and "Not for publication" in card
    assert "Confirm this quote" not in card  # it can never be published, so nothing to confirm
    public = run.assignments.get(text=PUBLIC)
    card = html[html.index(f'id="answer-{public.pk}"') :]
    assert "Confirm this quote" in card[: card.index("</form>", card.index("redaction"))]
    overview = client.get(f"/analysis/runs/{run.pk}/").content.decode()
    assert "Not for publication" in overview


def test_live_session_statements_are_never_publishable(live_session, statement_factory):
    for text in PARKING:
        statement_factory(session=live_session, text=text)
    run = run_now(
        services.theme_run_start(
            user=None,
            title="Session",
            source_kind=SourceKind.SESSION,
            session=live_session,
            parameters=quick_parameters(n_themes=1),
        )
    )
    assert run.status == RunStatus.DONE
    assert not run.assignments.filter(publish_consent=True).exists()


@pytest.mark.parametrize(
    ("consent_column", "expected"),
    [("may_publish", {"u1": True, "u2": False, "u3": False}), ("", {})],
)
def test_upload_consent_comes_from_the_consent_column(home_page, consent_column, expected):
    page = make_answered_survey(home_page, texts=[])
    rows = "text,may_publish\nparking costs,Yes\nparking fees,no\ncheaper parking,\n"
    run = run_now(
        services.theme_run_start(
            user=None,
            title="Upload",
            source_kind=SourceKind.UPLOAD,
            page=page,
            uploaded_text=rows,
            parameters=quick_parameters(n_themes=1, consent_column=consent_column),
        )
    )
    consent = dict(run.assignments.values_list("item_ref", "publish_consent"))
    assert consent == (expected or dict.fromkeys(consent, False))
    assert len(consent) == 3


def test_upload_naming_a_missing_consent_column_is_refused():
    with pytest.raises(ValueError, match="no column called 'agreed'"):
        services.csv_items("text\nhello\n", consent_column="agreed")
