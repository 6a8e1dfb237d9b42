"""Importing paper, phone and event responses from CSV: every problem shown, all or nothing."""

import pytest
from allauth.mfa.models import Authenticator
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Role
from audit.models import AccessLogEntry
from consultations import import_cells, imports
from consultations.models import Answer, Channel, ImportStatus, Response, ResponseImport
from tests.consultations.import_helpers import CLEAN, HEADER, csv_upload, latest_problems

pytestmark = pytest.mark.django_db


def test_clean_file_imports_every_row_with_its_channel(client, consultation, organiser):
    client.force_login(organiser)
    preview_url = csv_upload(client, consultation, CLEAN)
    html = client.get(preview_url).content.decode()
    assert "3 responses are ready to import" in html and "Import 3 responses" in html
    assert not Response.objects.exists()
    response = client.post(preview_url, {"action": "confirm"})
    assert response.status_code == 302
    assert "3 responses imported" in client.get(response["Location"]).content.decode()
    rows = {r.channel: r for r in Response.objects.all()}
    assert set(rows) == {Channel.PAPER, Channel.PHONE, Channel.EVENT}
    assert all(r.entered_by == organiser and r.status == "submitted" for r in rows.values())
    assert rows["paper"].publish_consent is True and rows["phone"].publish_consent is False
    assert rows["event"].publish_consent is None
    paper = set(rows["paper"].answers.values_list("question_id", "value", "number", "row"))
    assert {("q-used", "GP", None, ""), ("q-used", "Day centre", None, "")} <= paper
    assert {("q-rank", "Prevention", 1.0, ""), ("q-rank", "Community services", 3.0, "")} <= paper
    assert ("q-matrix", "Hard", None, "get a break") in paper
    assert {("q-date", "2019-03-01", None, ""), ("q-postcode", "CM1 1AA", None, "")} <= paper
    phone = set(rows["phone"].answers.values_list("question_id", "value", "number", "row"))
    assert ("q-used", "Carers' café", None, "other") in phone
    assert ("q-rank", "Hospitals", 1.0, "") in phone and ("q-date", "2020-03-27", None, "") in phone
    assert not rows["phone"].answers.filter(question_id="q-help").exists()  # carer is No
    entry = AccessLogEntry.objects.get(action="import")
    assert entry.record_count == 3 and entry.user == organiser


def test_none_and_na_stay_answers(client, consultation, organiser):
    client.force_login(organiser)
    client.post(csv_upload(client, consultation, CLEAN), {"action": "confirm"})
    towns = set(Answer.objects.filter(question_id="q-town").values_list("value", flat=True))
    assert towns == {"Chelmsford", "None", "n/a"}
    assert Answer.objects.filter(question_id="q-help", value="n/a").exists()


def test_byte_order_mark_and_semicolon_multiple_choice_are_read(client, consultation, organiser):
    client.force_login(organiser)
    text = "channel,carer,used,consent\npaper,No,GP; Respite care ;day centre,yes\n"
    client.post(csv_upload(client, consultation, "\ufeff" + text), {"action": "confirm"})
    used = Answer.objects.filter(question_id="q-used").values_list("value", flat=True)
    assert sorted(used) == ["Day centre", "GP", "Respite care"]


def test_question_id_works_as_a_column_name(client, consultation, organiser):
    client.force_login(organiser)
    text = "channel,q-carer,consent\nphone,No,yes\n"
    client.post(csv_upload(client, consultation, text), {"action": "confirm"})
    assert Answer.objects.filter(question_id="q-carer", value="No").exists()


def test_every_kind_of_row_problem_is_listed_and_nothing_saved(client, consultation, organiser):
    client.force_login(organiser)
    text = "\n".join(
        [
            "id,channel,carer,used,rank,since,hours,postcode,consent,favourite colour",
            "A1,paper,Yes,GP,,,,,yes,",
            "A1,fax,Maybe,Gym,Prevention>Teleport,31/02/2020,200,nowhere,yes,",
            "A3,paper,,,,2020-13-45,,,,",
            "A4,online,No,,1. Prevention; two. Hospitals,,,,perhaps,",
        ]
    )
    preview_url = csv_upload(client, consultation, text)
    found = {(p["row"], p["column"], p["message"]) for p in latest_problems()}
    assert (
        1,
        "favourite colour",
        imports.ERR_UNKNOWN_COLUMN.format(column="favourite colour"),
    ) in found
    assert (3, "id", imports.ERR_DUPLICATE_ID.format(value="A1", first=2)) in found
    assert (3, "channel", imports.ERR_CHANNEL.format(value="fax")) in found
    assert (3, "carer", "“Maybe” is not one of the options: Yes, No.") in found
    assert (
        3,
        "used",
        "“Gym” is not one of the options: GP, Day centre, Respite care, Other.",
    ) in found
    assert (
        3,
        "rank",
        "“Teleport” is not one of the options: Prevention, Community services, Hospitals.",
    ) in found
    assert (3, "since", import_cells.ERR_DATE.format(value="31/02/2020")) in found
    assert (3, "hours", "Enter a number from 0 to 168 (the cell says “200”).") in found
    assert (
        3,
        "postcode",
        "Enter a real postcode, like CM1 1AA (the cell says “nowhere”).",
    ) in found
    assert (4, "carer", imports.ERR_MISSING) in found
    assert (4, "consent", "You must agree to continue") in found
    assert (4, "since", import_cells.ERR_DATE.format(value="2020-13-45")) in found
    bad_rank = import_cells.ERR_RANKING.format(value="1. Prevention; two. Hospitals")
    assert (5, "rank", bad_rank) in found
    assert (5, "consent", import_cells.ERR_CONSENT.format(value="perhaps")) in found
    html = client.get(preview_url).content.decode()
    assert f"The file has {len(found)} problems; nothing has been saved" in html
    assert 'value="confirm"' not in html
    client.post(preview_url, {"action": "confirm"})
    assert not Response.objects.exists() and not Answer.objects.exists()
    assert ResponseImport.objects.get().status == ImportStatus.PREVIEW


def test_missing_channel_column_is_reported(client, consultation, organiser):
    client.force_login(organiser)
    csv_upload(client, consultation, "carer,consent\nNo,yes\n")
    assert {
        "row": 1,
        "column": "channel",
        "message": imports.ERR_NO_CHANNEL_COLUMN,
    } in latest_problems()


def test_online_rows_are_refused_when_the_consultation_is_closed(client, home_page, make_user):
    from datetime import timedelta

    from django.utils import timezone

    from tests.consultations.factories import make_consultation

    closed = make_consultation(home_page, closes_at=timezone.now() - timedelta(days=1))
    user = make_user(role=Role.ORGANISER, target=closed)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    client.force_login(user)
    url = csv_upload(client, closed, "channel,carer,consent\nonline,No,yes\npaper,No,yes\n")
    assert {
        "row": 2,
        "column": "channel",
        "message": imports.ERR_ONLINE_CLOSED,
    } in latest_problems()
    client.post(url, {"action": "confirm"})
    assert not Response.objects.exists()


def test_undecodable_file_gets_a_clear_error(client, consultation, organiser):
    client.force_login(organiser)
    url = csv_upload(client, consultation, b"channel,town\npaper,South\xc3\x28end\n")
    assert latest_problems() == [{"row": 0, "column": "", "message": imports.ERR_NOT_UTF8}]
    assert "In Excel, use Save as" in client.get(url).content.decode()


def test_utf16_file_with_a_byte_order_mark_is_read(client, consultation, organiser):
    client.force_login(organiser)
    csv_upload(client, consultation, "channel,carer,consent\r\npaper,No,yes\r\n", encoding="utf-16")
    assert latest_problems() == []


def test_windows_1252_file_is_refused_not_misread(client, consultation, organiser):
    client.force_login(organiser)
    csv_upload(client, consultation, "channel,town\npaper,Café\n", encoding="cp1252")
    assert latest_problems()[0]["message"] == imports.ERR_NOT_UTF8


def test_double_confirm_imports_once(client, consultation, organiser):
    client.force_login(organiser)
    preview_url = csv_upload(client, consultation, CLEAN)
    client.post(preview_url, {"action": "confirm"})
    client.post(preview_url, {"action": "confirm"})
    assert Response.objects.count() == 3
    assert AccessLogEntry.objects.filter(action="import").count() == 1


def test_same_file_uploaded_again_is_flagged_and_adds_nothing(client, consultation, organiser):
    client.force_login(organiser)
    client.post(csv_upload(client, consultation, CLEAN), {"action": "confirm"})
    second = csv_upload(client, consultation, CLEAN)
    assert "already imported" in latest_problems()[0]["message"]
    client.post(second, {"action": "confirm"})
    assert Response.objects.count() == 3


def test_failure_while_saving_leaves_nothing_partial(client, consultation, organiser, monkeypatch):
    from consultations import services

    real, calls = services.response_submit, []

    def failing_on_third(**kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise services.SubmissionRejected(services.ERR_MISSING)
        return real(**kwargs)

    monkeypatch.setattr(services, "response_submit", failing_on_third)
    client.force_login(organiser)
    response = client.post(csv_upload(client, consultation, CLEAN), {"action": "confirm"})
    assert "Nothing was saved" in client.get(response["Location"]).content.decode()
    assert not Response.objects.exists() and not Answer.objects.exists()
    assert ResponseImport.objects.get().status == ImportStatus.PREVIEW
    assert not AccessLogEntry.objects.filter(action="import").exists()


def test_cancel_saves_nothing(client, consultation, organiser):
    client.force_login(organiser)
    preview_url = csv_upload(client, consultation, CLEAN)
    client.post(preview_url, {"action": "cancel"})
    client.post(preview_url, {"action": "confirm"})
    assert not Response.objects.exists()
    assert ResponseImport.objects.get().status == ImportStatus.CANCELLED


def test_template_csv_has_a_column_for_every_question(client, consultation, organiser):
    client.force_login(organiser)
    response = client.get(consultation.url + "import/template/")
    header = response.content.decode("utf-8-sig").strip()
    assert header == HEADER.replace(",rank,", ",support,rank,")


def test_non_organisers_cannot_import(client, consultation, make_user):
    user = make_user(role=Role.COMMISSIONER, target=consultation)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    client.force_login(user)
    assert client.get(consultation.url + "import/").status_code == 403
    assert client.get(consultation.url + "import/template/").status_code == 403
    upload = SimpleUploadedFile("r.csv", CLEAN.encode(), "text/csv")
    assert client.post(consultation.url + "import/", {"file": upload}).status_code == 403
    assert not ResponseImport.objects.exists()


def test_organiser_cannot_open_another_consultations_import(client, home_page, make_user):
    from tests.consultations.factories import make_consultation

    mine, theirs = make_consultation(home_page), make_consultation(home_page)
    user = make_user(role=Role.ORGANISER, target=mine)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    client.force_login(user)
    url = csv_upload(client, mine, CLEAN)
    other_url = url.replace(mine.url, theirs.url)
    assert client.get(other_url).status_code == 403
    assert client.get(theirs.url + f"import/{ResponseImport.objects.get().pk}/").status_code == 403


def test_oversized_file_is_refused(client, consultation, organiser, monkeypatch):
    monkeypatch.setattr(imports, "MAX_BYTES", 50)
    client.force_login(organiser)
    upload = SimpleUploadedFile("big.csv", CLEAN.encode(), "text/csv")
    response = client.post(consultation.url + "import/", {"file": upload})
    assert response.status_code == 200 and imports.ERR_TOO_BIG in response.content.decode()
    assert not ResponseImport.objects.exists()


def test_control_nul_and_bidi_characters_in_a_file_are_stripped(client, consultation, organiser):
    # Also run on PostgreSQL, where a NUL in a cell or a problem's JSON would raise.
    text = CLEAN.replace("More breaks", "More\x00 breaks\u202e")
    text = text.replace("Chelmsford", "Chelms\x07ford")
    text = text.replace("town,", "town\x00,", 1)
    client.force_login(organiser)
    preview_url = csv_upload(client, consultation, text, name="resp\x00onses.csv")
    assert ResponseImport.objects.get().file_name == "responses.csv"
    client.post(preview_url, {"action": "confirm"})
    values = set(Answer.objects.values_list("question_id", "value"))
    assert ("q-help", "More breaks") in values and ("q-town", "Chelmsford") in values


def test_problems_quote_cells_without_their_control_characters(client, consultation, organiser):
    bad = CLEAN.replace("cm1 1aa", "not\x00 a\u2067 postcode").replace("town,", "tow\x00nx,", 1)
    client.force_login(organiser)
    csv_upload(client, consultation, bad)
    messages = " ".join(p["column"] + p["message"] for p in latest_problems())
    assert "not a postcode" in messages and "townx" in messages
    assert "\x00" not in messages and "\u2067" not in messages


def test_a_header_far_wider_than_any_consultation_is_refused_with_one_message(
    client, consultation, organiser
):
    header = ",".join(["channel", *(f"c{i}" for i in range(100_000))])
    client.force_login(organiser)
    html = client.get(csv_upload(client, consultation, header + "\npaper\n")).content.decode()
    assert latest_problems() == [
        {"row": 0, "column": "", "message": imports.ERR_TOO_WIDE.format(n=100_001)}
    ]
    assert "The file has 1 problem;" in html and "100,001 columns" in html


def test_stored_problems_are_capped_with_a_count_of_the_rest(client, consultation, organiser):
    rows = [f"B{i},fax,maybe,Perhaps" for i in range(150)]  # three problems a row
    client.force_login(organiser)
    preview_url = csv_upload(client, consultation, "\n".join(["id,channel,publish,carer", *rows]))
    upload = ResponseImport.objects.get()
    assert upload.problem_count >= 450
    assert len(upload.problems) == imports.MAX_PROBLEMS_SHOWN
    html = client.get(preview_url).content.decode()
    assert f"The file has {upload.problem_count} problems" in html
    assert "The first 200 problems found" in html
    assert f"{upload.problem_count - 200} more problems not listed here" in html
    assert html.count('<tr class="govuk-table__row"><td') == 200
