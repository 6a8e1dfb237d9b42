"""Data rights: "download my data" holds everything kept about the person, and deleting the
account erases or anonymises it at once, as the delete page says."""

import ast
import csv
import io
import json
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone

from accounts import personal_data
from analysis.models import SourceKind, Theme, ThemeAssignment, ThemeRun
from assembly.models import (
    Answer as VolunteerAnswer,
)
from assembly.models import (
    Attendance,
    Draw,
    InvitationCode,
    Meeting,
    MemberStatus,
    PanelMember,
    Volunteer,
)
from audit.models import AccessAction, AccessLogEntry
from consultations.job_kinds import RESULTS_KIND
from consultations.models import Answer, Response, ResponseStatus
from consultations.questions import AnswerValue
from consultations.services import draft_save, response_submit
from deliberation.models import Statement
from jobs.models import Job, JobStatus
from tests.assembly.factories import (
    SMALL_SPEC,
    AssemblyPageFactory,
    VolunteerFactory,
    quotas_build,
)
from tests.consultations.factories import make_consultation
from tests.deliberation.factories import StatementFactory
from tests.factories import UserFactory

REPO = Path(__file__).resolve().parents[2]


@dataclass
class Life:
    """Everything one person left on the platform, each piece with a word that is theirs."""

    user: object
    tag: str
    response: Response
    draft: Response
    volunteer: Volunteer
    member: PanelMember
    statement: Statement
    code: InvitationCode


@pytest.fixture
def places(home_page):
    assembly = AssemblyPageFactory(title="Essex care assembly")
    values = quotas_build(assembly, SMALL_SPEC)
    draw = Draw.objects.create(assembly=assembly, panel_size=6)
    meeting = Meeting.objects.create(
        assembly=assembly, title="First weekend", starts_at=timezone.now()
    )
    return {
        "survey": make_consultation(home_page, title="Carers survey"),
        "second": make_consultation(home_page, title="Budget survey"),
        "assembly": assembly,
        "values": values,
        "draw": draw,
        "meeting": meeting,
    }


def _life(places, tag: str) -> Life:
    user = UserFactory(display_name=f"Person {tag}")
    response = response_submit(
        page=places["survey"],
        user=user,
        answers={
            "q-carer": [AnswerValue("Yes")],
            "q-help": [AnswerValue(f"Respite breaks {tag}")],
            "q-age": [AnswerValue("40 to 64")],
            "q-consent": [AnswerValue("yes")],
        },
        submission_key=uuid.uuid4(),
        publish_consent=True,
        wants_outcome=True,
    )
    draft = draft_save(
        page=places["second"],
        user=user,
        answers={"q-help": [AnswerValue(f"Draft words {tag}")]},
        step=0,
    )
    volunteer = VolunteerFactory(
        assembly=places["assembly"],
        user=user,
        full_name=f"Volunteer {tag}",
        email=user.email,
        phone=f"07700 {tag}",
        address=f"1 Road {tag}",
        postcode="CM1 1AA",
        household_key=f"1 road {tag}|cm11aa",
    )
    for name, value in (("gender", "female"), ("ethnicity", "white")):
        cv = places["values"][name, value]
        VolunteerAnswer.objects.create(volunteer=volunteer, category=cv.category, value=cv)
    code = InvitationCode.objects.create(
        assembly=places["assembly"],
        address=f"1 Road {tag}",
        postcode="CM1 1AA",
        used_by=volunteer,
        used_at=timezone.now(),
    )
    member = PanelMember.objects.create(
        assembly=places["assembly"],
        draw=places["draw"],
        volunteer=volunteer,
        user=user,
        status=MemberStatus.ACCEPTED,
        access_needs=f"Step-free access {tag}",
        contact_preference="phone",
    )
    Attendance.objects.create(meeting=places["meeting"], member=member, attended=True)
    statement = StatementFactory(author=user, text=f"Buses to the day centre {tag}")
    return Life(user, tag, response, draft, volunteer, member, statement, code)


def _themes(places, lives) -> ThemeRun:
    """A theme analysis that quotes each person's answer."""
    run = ThemeRun.objects.create(
        title="Help for carers",
        source_kind=SourceKind.QUESTION,
        page=places["survey"],
        question_id="q-help",
        status="done",
        machine_output={
            "themes": [{"id": "1", "quotes": [f"Respite breaks {life.tag}" for life in lives]}]
        },
    )
    theme = Theme.objects.create(run=run, key="1", machine_label="breaks", label="Breaks")
    for life in lives:
        ThemeAssignment.objects.create(
            run=run,
            item_ref=f"r{life.response.pk}",
            text=f"Respite breaks {life.tag}",
            response=life.response,
            machine_theme=theme,
            theme=theme,
            is_key_quote=True,
            quote_text=f"Respite breaks {life.tag}",
            publish_consent=True,
        )
    return run


@pytest.fixture
def me(places):
    return _life(places, "MINE")


@pytest.fixture
def other(places):
    return _life(places, "THEIRS")


def _download(client, user) -> zipfile.ZipFile:
    client.force_login(user)
    response = client.get(reverse("accounts:download_data"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert 'filename="my-data.zip"' in response["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(response.content))


def _csv(archive, name) -> list[dict]:
    text = archive.read(f"{name}.csv").decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


TABLES = {
    "account",
    "email_addresses",
    "roles",
    "two_factor",
    "consultation_responses",
    "consultation_answers",
    "consultation_drafts",
    "consultation_consents",
    "volunteer",
    "volunteer_answers",
    "panel_membership",
    "attendance",
    "statements",
    "theme_analysis",
    "access_log",
}


def test_download_holds_every_kind_of_data_as_json_and_csv(client, places, me):
    _themes(places, [me])
    archive = _download(client, me.user)
    data = json.loads(archive.read("my-data.json"))
    assert set(data) >= TABLES
    assert {f"{name}.csv" for name in TABLES} <= set(archive.namelist())
    assert "README.txt" in archive.namelist()

    assert data["account"][0]["email"] == me.user.email
    assert [r["consultation"] for r in data["consultation_responses"]] == ["Carers survey"]
    answers = {a["question_id"]: a for a in data["consultation_answers"]}
    assert answers["q-help"]["answer"] == "Respite breaks MINE"
    assert answers["q-help"]["question"] == "What would help you care for them?"
    assert data["consultation_drafts"] == [
        {
            "consultation": "Budget survey",
            "question_id": "q-help",
            "question": "What would help you care for them?",
            "answer": "Draft words MINE",
            "number": None,
            "row": "",
            "saved_at": data["consultation_drafts"][0]["saved_at"],
        }
    ]
    consent = data["consultation_consents"][0]
    assert consent["words_may_be_quoted"] is True and consent["tell_me_the_outcome"] is True
    (volunteer,) = data["volunteer"]
    assert volunteer["full_name"] == "Volunteer MINE"
    assert volunteer["address"] == "1 Road MINE"
    assert volunteer["phone"] == "07700 MINE"
    assert volunteer["consent_special_category"] is True
    assert {(a["question"], a["answer"]) for a in data["volunteer_answers"]} == {
        ("gender", "female"),
        ("ethnicity", "white"),
    }
    (member,) = data["panel_membership"]
    assert member["status"] == "Accepted" and member["access_needs"] == "Step-free access MINE"
    assert data["attendance"] == [
        {
            "assembly": "Essex care assembly",
            "meeting": "First weekend",
            "starts_at": data["attendance"][0]["starts_at"],
            "attended": True,
        }
    ]
    assert [s["text"] for s in data["statements"]] == ["Buses to the day centre MINE"]
    assert data["theme_analysis"][0]["theme"] == "Breaks"

    # The CSVs hold the same rows as the JSON.
    assert _csv(archive, "volunteer")[0]["postcode"] == "CM1 1AA"
    assert _csv(archive, "attendance")[0]["attended"] == "yes"
    assert _csv(archive, "statements")[0]["text"] == "Buses to the day centre MINE"
    assert len(_csv(archive, "consultation_answers")) == len(data["consultation_answers"])


def test_download_never_holds_another_persons_data(client, places, me, other):
    _themes(places, [me, other])
    archive = _download(client, me.user)
    for name in archive.namelist():
        text = archive.read(name).decode("utf-8-sig")
        assert "THEIRS" not in text, name
        assert other.user.email not in text, name


def test_download_neutralises_spreadsheet_formulas_in_csv_only(client, me):
    me.statement.text = '=HYPERLINK("http://evil.example","click")'
    me.statement.save()
    archive = _download(client, me.user)
    assert _csv(archive, "statements")[0]["text"] == "'" + me.statement.text
    assert json.loads(archive.read("my-data.json"))["statements"][0]["text"] == me.statement.text


def test_download_finds_an_imported_volunteer_by_verified_email_only(client, places, user):
    VolunteerFactory(assembly=places["assembly"], email=user.email.upper(), full_name="Imported")
    VolunteerFactory(assembly=places["assembly"], email="unverified@example.org", full_name="Not")
    EmailAddress.objects.create(user=user, email="unverified@example.org", verified=False)
    data = json.loads(_download(client, user).read("my-data.json"))
    assert [v["full_name"] for v in data["volunteer"]] == ["Imported"]


def test_download_says_which_second_factor_but_never_its_secret(client, user, home_page):
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    archive = _download(client, user)
    data = json.loads(archive.read("my-data.json"))
    assert [row["kind"] for row in data["two_factor"]] == ["TOTP Authenticator"]
    for name in archive.namelist():
        assert "JBSWY3DPEHPK3PXP" not in archive.read(name).decode("utf-8-sig"), name


def test_download_is_written_to_the_access_log(client, me):
    _download(client, me.user)
    entry = AccessLogEntry.objects.get(action=AccessAction.EXPORT)
    assert entry.user == me.user and entry.record_count > 10


def test_download_needs_sign_in(client, home_page):
    response = client.get(reverse("accounts:download_data"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def _delete(client, user, **choices):
    client.force_login(user)
    data = {"confirm": "delete my account"}
    data.update({k: "on" for k, v in choices.items() if v})
    response = client.post(reverse("accounts:delete"), data)
    assert response.status_code == 302
    assert not type(user).objects.filter(pk=user.pk).exists()
    return response


def test_delete_anonymises_the_volunteer_and_panel_place_at_once(client, me):
    token = me.member.token
    _delete(client, me.user)
    volunteer = Volunteer.objects.get(pk=me.volunteer.pk)
    assert (
        volunteer.full_name,
        volunteer.email,
        volunteer.phone,
        volunteer.address,
        volunteer.postcode,
        volunteer.household_key,
    ) == ("", "", "", "", "", "")
    assert volunteer.user is None and volunteer.anonymised_at is not None
    assert volunteer.pool_id == me.volunteer.pool_id  # so made draws still check out
    assert not VolunteerAnswer.objects.filter(volunteer=volunteer).exists()
    member = PanelMember.objects.get(pk=me.member.pk)
    assert (member.access_needs, member.contact_preference, member.user) == ("", "", None)
    assert member.status == MemberStatus.WITHDRAWN and member.token != token
    assert Attendance.objects.filter(member=member, attended=True).exists()
    code = InvitationCode.objects.get(pk=me.code.pk)
    assert (code.address, code.postcode) == ("", "")


def test_delete_keeps_answers_and_statements_without_the_link_by_default(client, places, me):
    run = _themes(places, [me])
    _delete(client, me.user)
    response = Response.objects.get(pk=me.response.pk)
    assert response.user is None and response.wants_outcome is False
    assert Answer.objects.filter(response=response, value="Respite breaks MINE").exists()
    assert not Response.objects.filter(pk=me.draft.pk).exists()
    statement = Statement.objects.get(pk=me.statement.pk)
    assert statement.author is None and statement.text == "Buses to the day centre MINE"
    run.refresh_from_db()
    assert run.machine_output["themes"][0]["quotes"] == ["Respite breaks MINE"]


def test_delete_deletes_answers_and_statements_when_chosen(client, places, me):
    run = _themes(places, [me])
    Job.objects.all().delete()  # the submission's own refresh: see that deletion asks again
    _delete(client, me.user, delete_responses=True, delete_statements=True)
    assert not Response.objects.filter(pk__in=[me.response.pk, me.draft.pk]).exists()
    assert not Answer.objects.filter(value="Respite breaks MINE").exists()
    assert not Statement.objects.filter(pk=me.statement.pk).exists()
    assert not ThemeAssignment.objects.filter(run=run).exists()
    run.refresh_from_db()
    assert run.machine_output["themes"][0]["quotes"] == []
    assert Job.objects.filter(
        kind=RESULTS_KIND, params__page_id=places["survey"].pk, status=JobStatus.QUEUED
    ).exists()


def test_delete_leaves_other_people_untouched(client, places, me, other):
    run = _themes(places, [me, other])
    _delete(client, me.user, delete_responses=True, delete_statements=True)
    other.volunteer.refresh_from_db()
    assert other.volunteer.full_name == "Volunteer THEIRS" and other.volunteer.anonymised_at is None
    assert VolunteerAnswer.objects.filter(volunteer=other.volunteer).count() == 2
    member = PanelMember.objects.get(pk=other.member.pk)
    assert member.status == MemberStatus.ACCEPTED and member.user == other.user
    assert Response.objects.get(pk=other.response.pk).user == other.user
    assert Response.objects.filter(pk=other.draft.pk, status=ResponseStatus.DRAFT).exists()
    assert Statement.objects.get(pk=other.statement.pk).author == other.user
    run.refresh_from_db()
    assert run.machine_output["themes"][0]["quotes"] == ["Respite breaks THEIRS"]


def test_delete_anonymises_an_imported_volunteer_with_the_verified_email(client, places, user):
    imported = VolunteerFactory(assembly=places["assembly"], email=user.email, address="2 Lane")
    _delete(client, user)
    imported.refresh_from_db()
    assert (imported.email, imported.address, imported.full_name) == ("", "", "")


def test_delete_is_recorded_in_the_access_log_by_the_person(client, me):
    email = me.user.email
    _delete(client, me.user, delete_responses=True)
    entry = AccessLogEntry.objects.get(action=AccessAction.DELETE)
    assert entry.user is None and entry.user_label == email  # the account itself is gone
    assert entry.detail["delete_responses"] is True
    assert entry.detail["assembly"]["volunteers_anonymised"] == 1
    assert entry.detail["consultations"]["responses_deleted"] == 1
    assert "MINE" not in json.dumps(entry.detail)


def test_delete_is_all_or_nothing(client, me):
    def broken(erasure):
        raise RuntimeError("disk full")

    personal_data.sections()
    personal_data.register("zz_broken", export=lambda user: {}, erase=broken, erase_order=999)
    try:
        client.raise_request_exception = False
        client.force_login(me.user)
        response = client.post(reverse("accounts:delete"), {"confirm": "delete my account"})
    finally:
        personal_data._SECTIONS.pop("zz_broken")
    assert response.status_code == 500
    assert type(me.user).objects.filter(pk=me.user.pk).exists()
    me.volunteer.refresh_from_db()
    assert me.volunteer.full_name == "Volunteer MINE"
    assert Response.objects.get(pk=me.response.pk).user == me.user
    assert not AccessLogEntry.objects.filter(action=AccessAction.DELETE).exists()


def test_delete_page_says_what_happens_to_each_kind_of_data(client, user, home_page):
    client.force_login(user)
    html = client.get(reverse("accounts:delete")).content.decode()
    for fate in (
        "Answers you saved but did not send</strong>: deleted",
        "stay in the results with nothing to link them to you, unless you choose below",
        "email address, phone number, address, postcode and your answers to the selection",
        "deleted now, not at the assembly's retention date",
        "your access needs and how you asked to be contacted are deleted",
        "your place shows as withdrawn",
        "Which meetings you attended stays, under your pool number only",
        "stays in the session's record without your name, unless you choose below",
        "we keep a record that you deleted your account",
    ):
        assert fate in html.replace("&#x27;", "'"), fate
    assert 'name="delete_responses"' in html and 'name="delete_statements"' in html


def test_wrong_confirmation_keeps_the_choices_and_deletes_nothing(client, me):
    client.force_login(me.user)
    response = client.post(
        reverse("accounts:delete"), {"confirm": "nope", "delete_responses": "on"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="nope"' in html
    assert 'name="delete_responses" type="checkbox" value="on" checked' in html
    me.volunteer.refresh_from_db()
    assert me.volunteer.full_name == "Volunteer MINE"


def test_two_sections_may_not_export_the_same_table(user):
    personal_data.sections()
    personal_data.register("zz_clash", export=lambda user: {"statements": []})
    try:
        with pytest.raises(ImproperlyConfigured, match="statements"):
            personal_data.personal_data_collect(user=user)
    finally:
        personal_data._SECTIONS.pop("zz_clash")


def test_accounts_imports_none_of_the_apps_above_it():
    # audit is platform infrastructure beside accounts (the people-and-roles services log to it);
    # the four apps sit above and must never be imported here.
    above = {"consultations", "assembly", "deliberation", "analysis"}
    for path in (REPO / "site" / "accounts").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not {n.split(".")[0] for n in names} & above, f"{path}: {names}"
