"""A session's export: every table, formulas neutralised, only for those who run it, logged."""

import csv
import io
import uuid
import zipfile

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Role
from audit.models import AccessAction, AccessLogEntry
from deliberation import flow
from deliberation.activities.services import activity_create, activity_open
from deliberation.activities.votes import poll_hands_record, poll_vote
from deliberation.activities.word_services import words_submit
from deliberation.exports.files import csv_name
from deliberation.exports.tables import session_tables
from deliberation.models import Presence
from deliberation.moderation.selectors import person_label
from deliberation.questions.queue import queue_join
from deliberation.questions.services import question_ask, question_vote
from deliberation.services import statement_post
from tests.deliberation.question_helpers import room_with

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example","click")'
SHORT_FORMULA = "=SUM(A1:A9)"  # a word-cloud entry is under 40 characters
TABLES = [
    "Session",
    "Agenda items",
    "Activities",
    "Poll options",
    "Poll votes",
    "Hand and paper counts",
    "Word cloud words",
    "Questions",
    "Speaking queue",
    "Statements",
    "Attendance",
    "Moderation log",
]


def _open(session, kind, title, **config):
    made = activity_create(session_id=session.pk, kind=kind, title=title, config=config)
    activity_open(session_id=session.pk, activity_id=made.activity.pk)
    return made.activity


@pytest.fixture
def held_session(make_user):
    """A session where everything happened once: votes on each channel, words, questions."""
    session, people, guest, _token, ids = room_with(make_user)
    member, facilitator = people["participant"], people["facilitator"]
    poll = _open(session, "poll", "Which matters most?", options=["Respite", "Advice", FORMULA])
    respite, advice, _ = [o.pk for o in poll.options.all()]
    poll_vote(session_id=session.pk, activity_id=poll.pk, choices=[advice], user=member)
    poll_vote(session_id=session.pk, activity_id=poll.pk, choices=[respite], user=member)
    poll_vote(session_id=session.pk, activity_id=poll.pk, choices=[respite], guest=guest)
    poll_vote(
        session_id=session.pk,
        activity_id=poll.pk,
        choices=[advice],
        name="Ada Paper",
        recorded_by=facilitator,
    )
    poll_hands_record(
        session_id=session.pk,
        activity_id=poll.pk,
        channel="hands",
        counts={str(respite): 4, str(advice): 2},
        recorded_by=facilitator,
    )
    cloud = _open(session, "wordcloud", "One word for care")
    words_submit(
        session_id=session.pk,
        activity_id=cloud.pk,
        entries=["Kindness!", SHORT_FORMULA],
        guest=guest,
    )
    question = question_ask(
        session_id=session.pk,
        activity_id=ids["questions"],
        user=member,
        text="Who pays for respite?",
        client_id=uuid.uuid4(),
        may_post=True,
    ).question
    question_vote(session_id=session.pk, question_id=question.pk, up=True, guest=guest)
    queue_join(session_id=session.pk, activity_id=ids["queue"], guest=guest, may_post=True)
    said = statement_post(
        session_id=session.pk, user=member, text=FORMULA, client_id=uuid.uuid4(), may_post=True
    ).statement
    flow.statement_hidden_set(
        session_id=session.pk, statement_id=said.pk, hidden=True, actor=facilitator
    )
    Presence.objects.create(session=session, channel_name="socket-1", user=member)
    return session, people, guest


def _url(session, fmt):
    return reverse("deliberation:export", args=[session.pk, fmt])


def _table(tables, name):
    header, rows = tables[name]
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_the_export_holds_every_part_of_the_session(held_session):
    session, people, guest = held_session
    tables = session_tables(session)
    assert list(tables) == TABLES
    assert [r["title"] for r in _table(tables, "Agenda items")] == ["Welcome", "Ideas"]
    kinds = {r["kind"] for r in _table(tables, "Activities")}
    assert kinds == {"Poll", "Word cloud", "Questions to speakers", "Speaking queue"}
    options = {r["label"]: r for r in _table(tables, "Poll options")}
    # The member changed their vote: counted once, for respite; four hands up for respite too.
    assert (options["Respite"]["device"], options["Respite"]["hands"]) == (2, 4)
    assert options["Respite"]["total"] == 6
    assert (options["Advice"]["proxy"], options["Advice"]["total"]) == (1, 3)
    votes = _table(tables, "Poll votes")
    assert len(votes) == 3
    by_type = {v["participant_type"]: v for v in votes}
    assert by_type["guest"]["participant"] == "Sam (guest)"
    assert by_type["named by a facilitator"]["channel"] == "Entered by a facilitator for them"
    assert by_type["named by a facilitator"]["entered_by"]
    words = _table(tables, "Word cloud words")
    assert ("Kindness!", "kindness") in {(w["as_typed"], w["normalised"]) for w in words}
    (question,) = _table(tables, "Questions")
    assert (question["text"], question["up_votes"]) == ("Who pays for respite?", 1)
    (entry,) = _table(tables, "Speaking queue")
    assert (entry["participant"], entry["state"]) == ("Sam (guest)", "Waiting")
    (statement,) = _table(tables, "Statements")
    assert (statement["hidden"], statement["pending"]) == ("yes", "no")
    attendance = {r["participant"]: r for r in _table(tables, "Attendance")}
    # Sam: a vote, two words, an up-vote and a hand up; not connected now.
    assert (
        attendance["Sam (guest)"]["contributions"],
        attendance["Sam (guest)"]["connected_now"],
    ) == (5, "no")
    member = attendance[person_label(user=people["participant"])]
    # A vote (changed, still one), a question and a statement; connected now.
    assert (member["contributions"], member["connected_now"]) == (3, "yes")
    # Entering Ada's vote and hiding a statement are not the facilitator's own contributions.
    assert person_label(user=people["facilitator"]) not in attendance
    (logged,) = _table(tables, "Moderation log")
    assert logged["action"] == "Hid"


def test_no_guest_is_named_beyond_their_display_name(held_session):
    session, people, guest = held_session
    guest_rows = [
        row
        for header, rows in session_tables(session).values()
        for row in rows
        if any("(guest)" in str(cell) for cell in row)
    ]
    assert guest_rows
    names = {str(c) for row in guest_rows for c in row if "(guest)" in str(c)}
    assert names == {"Sam (guest)"}


def test_facilitator_downloads_the_zip_with_formulas_neutralised(client, held_session):
    session, people, _ = held_session
    client.force_login(people["facilitator"])
    response = client.get(_url(session, "zip"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == sorted(csv_name(t) for t in TABLES)
    text = archive.read("statements.csv").decode("utf-8-sig")
    (row,) = list(csv.DictReader(io.StringIO(text)))
    assert row["text"] == "'" + FORMULA
    words = archive.read("word_cloud_words.csv").decode("utf-8-sig")
    assert "'" + SHORT_FORMULA in words


def test_organiser_of_the_session_downloads_the_workbook(client, make_user, held_session):
    session, _people, _ = held_session
    organiser = make_user(role=Role.ORGANISER, target=session)
    # Organisers sign in with two-factor authentication, or are sent to set it up.
    Authenticator.objects.create(user=organiser, type=Authenticator.Type.TOTP, data={})
    client.force_login(organiser)
    response = client.get(_url(session, "xlsx"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == TABLES
    options = list(book["Poll options"].iter_rows(values_only=True))
    assert ("'" + FORMULA) in {row[3] for row in options}
    assert options[0][4:] == ("device", "proxy", "hands", "paper", "total")


def test_each_export_is_in_the_access_log_with_the_real_actor(client, held_session):
    session, people, _ = held_session
    client.force_login(people["facilitator"])
    client.get(_url(session, "zip"))
    client.get(_url(session, "xlsx"))
    entries = list(AccessLogEntry.objects.filter(action=AccessAction.EXPORT).order_by("at", "pk"))
    assert [e.user for e in entries] == [people["facilitator"]] * 2
    assert [e.detail["format"] for e in entries] == ["zip", "xlsx"]
    assert entries[0].object_id == session.pk and entries[0].record_count > 0
    assert entries[0].detail["path"] == _url(session, "zip")


@pytest.mark.parametrize("role", ["moderator", "participant"])
def test_moderators_and_participants_may_not_export(client, held_session, role):
    session, people, _ = held_session
    client.force_login(people[role])
    assert client.get(_url(session, "zip")).status_code == 403
    assert not AccessLogEntry.objects.filter(action=AccessAction.EXPORT).exists()


def test_a_guest_or_anonymous_visitor_is_sent_to_sign_in(client, held_session):
    session, _people, _ = held_session
    response = client.get(_url(session, "xlsx"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_unknown_format_is_not_found(client, held_session):
    session, people, _ = held_session
    client.force_login(people["facilitator"])
    assert client.get(_url(session, "pdf")).status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_console_and_session_page_link_the_export_for_facilitators_only(client, held_session):
    session, people, _ = held_session
    links = (_url(session, "zip"), _url(session, "xlsx"))
    client.force_login(people["facilitator"])
    for page in ("console", "session"):
        html = client.get(reverse(f"deliberation:{page}", args=[session.pk])).content.decode()
        assert all(link in html for link in links), page
    client.force_login(people["moderator"])
    html = client.get(reverse("deliberation:console", args=[session.pk])).content.decode()
    assert links[0] not in html
