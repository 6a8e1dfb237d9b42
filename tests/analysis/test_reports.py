"""Findings reports: nothing unreviewed is published, exports are safe, decisions close the loop."""

import csv
import io
from datetime import date

import pytest
from django.core import mail
from openpyxl import load_workbook

from accounts.models import Role
from analysis import services
from analysis.exports import report_csv, report_xlsx
from analysis.selectors import theme_crosstab
from tests.analysis.factories import (
    AGE,
    BREAKS,
    PARKING,
    answer,
    make_answered_survey,
    make_run,
    staff,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
EVIL = '=HYPERLINK("http://evil.example","click")'


def _report(run, user, *, quote_text=PARKING[0]):
    report = services.report_create(run=run, user=user, title="What carers told us")
    quote = run.assignments.get(text=quote_text)
    services.quote_mark_key(assignment=quote, user=user)
    finding = services.finding_save(
        report=report, user=user, title="Parking costs carers", body="", themes=[quote.theme]
    )
    return report, finding, quote


def test_publish_is_refused_while_a_key_quote_is_unconfirmed(home_page, user):
    run = make_run(make_answered_survey(home_page))
    report, _, quote = _report(run, user)
    with pytest.raises(services.PublishRefused, match="1 still to check"):
        services.report_publish(report=report, user=user)
    report.refresh_from_db()
    assert not report.is_published
    services.quote_redaction_confirm(assignment=quote, user=user)
    assert services.report_publish(report=report, user=user).is_published


def test_published_report_shows_only_the_confirmed_redacted_quote(client, home_page, user):
    texts = [*PARKING, "parking fees hurt, ring Mrs Smith on 07700 900123", *BREAKS]
    run = make_run(make_answered_survey(home_page, texts=texts))
    report, _, quote = _report(run, user, quote_text=texts[len(PARKING)])
    services.quote_redaction_confirm(assignment=quote, user=user)
    services.report_publish(report=report, user=user)
    html = client.get(f"/analysis/reports/{report.pk}/").content.decode()
    assert "ring Mrs [NAME] on [PHONE]" in html
    assert "07700" not in html and "Smith" not in html
    assert PARKING[1] not in html  # other answers as written never appear


def test_draft_report_is_hidden_from_the_public(client, home_page, user):
    run = make_run(make_answered_survey(home_page))
    report, _, _ = _report(run, user)
    assert client.get(f"/analysis/reports/{report.pk}/").status_code == 404
    assert client.get(f"/analysis/reports/{report.pk}/export.csv").status_code == 404


def test_csv_and_xlsx_exports_round_trip_with_formulas_inert(home_page, user):
    run = make_run(make_answered_survey(home_page))
    report, _, quote = _report(run, user)
    services.theme_rename(theme=quote.theme, user=user, label=EVIL)
    services.quote_redaction_confirm(assignment=quote, user=user, text="+cmd|' /C calc'!A0")
    rows = list(csv.reader(io.StringIO(report_csv(report))))
    themes = [r for r in rows if r[0] == "Themes"]
    assert ["Themes", "'" + EVIL, str(len(PARKING))] in [r[:3] for r in themes]
    assert ["Quotes", "'" + EVIL, "'+cmd|' /C calc'!A0"] in rows
    book = load_workbook(io.BytesIO(report_xlsx(report)))
    sheet = [[c.value for c in row] for row in book["Themes"].iter_rows()]
    assert ["'" + EVIL, len(PARKING)] in [r[:2] for r in sheet]
    assert book["Quotes"]["B2"].value.startswith("'+cmd")


def test_crosstab_hides_small_cells(home_page):
    page = make_answered_survey(home_page, suppression_threshold=3)
    run = make_run(page)
    table = theme_crosstab(run, AGE)
    assert table.groups[-1] == "Not answered"
    cells = [c for row in table.rows for c in row["cells"]]
    assert None in cells  # 2 parking answers per age group: below 3, hidden
    assert all(c is None or c == 0 or c >= 3 for c in cells)


def test_decision_shows_on_the_consultation_page_and_emails_opted_in_residents(
    client, home_page, make_user, django_capture_on_commit_callbacks
):
    page = make_answered_survey(home_page)
    keen = UserFactory(email="keen@example.org")
    answer(page, "parking is a nightmare", user=keen, wants_outcome=True)
    answer(page, "parking costs", user=UserFactory(email="quiet@example.org"))
    commissioner = staff(make_user, Role.COMMISSIONER, page)
    run = make_run(page)
    report, finding, quote = _report(run, commissioner)
    services.quote_redaction_confirm(assignment=quote, user=commissioner)
    services.report_publish(report=report, user=commissioner)
    client.force_login(commissioner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/analysis/findings/{finding.pk}/decision/",
            {
                "outcome": "partly",
                "response": "Free parking for carers from May.",
                "decided_on": "2025-03-27",
            },
        )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["keen@example.org"]]
    assert "Free parking for carers from May." in mail.outbox[0].body
    client.logout()
    html = client.get(page.url).content.decode()
    assert "You said, we did" in html and "Free parking for carers from May." in html
    assert "Partly accepted" in html


def test_decision_on_an_unpublished_report_is_refused(home_page, user):
    run = make_run(make_answered_survey(home_page))
    _, finding, _ = _report(run, user)
    with pytest.raises(services.PublishRefused):
        services.decision_record(
            finding=finding, user=user, outcome="accepted", response="x", decided_on=date.today()
        )


def test_public_report_and_downloads_leave_out_reviewers_notes(client, home_page, user):
    run = make_run(make_answered_survey(home_page))
    report, _, quote = _report(run, user)
    services.theme_note(theme=quote.theme, user=user, notes="Checked against 20 answers; unsure")
    services.quote_redaction_confirm(assignment=quote, user=user)
    services.report_publish(report=report, user=user)
    for url in ["", "export.csv"]:
        response = client.get(f"/analysis/reports/{report.pk}/{url}")
        assert response.status_code == 200
        body = response.content.decode()
        assert quote.theme.label in body
        assert "Checked against 20 answers" not in body and "Notes" not in body
    book = load_workbook(
        io.BytesIO(client.get(f"/analysis/reports/{report.pk}/export.xlsx").content)
    )
    cells = [c.value for row in book["Themes"].iter_rows() for c in row]
    assert quote.theme.label in cells
    assert not any("Checked against" in str(c) for c in cells) and "Notes" not in cells
