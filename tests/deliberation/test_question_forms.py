"""Questions, up-votes and the speaking queue through plain forms (JavaScript off)."""

import uuid

import pytest
from django.urls import reverse

from accounts.models import Role
from deliberation.questions.models import Question, QuestionVote, QueueEntry
from tests.deliberation.question_helpers import room_with

pytestmark = pytest.mark.django_db


def _act(client, session, **fields):
    url = reverse("deliberation:participant_act", args=[session.pk])
    return client.post(url, {"action_id": str(uuid.uuid4()), **fields}, follow=True)


def test_a_member_asks_up_votes_and_withdraws_without_javascript(client, make_user):
    session, people, _, _, ids = room_with(make_user)
    client.force_login(people["participant"])
    page = client.get(session.get_absolute_url()).content.decode()
    assert "Ask the question" in page and "Put my hand up to speak" in page
    client_id = str(uuid.uuid4())
    for _ in range(2):  # a resent form saves it once
        _act(
            client,
            session,
            action="ask",
            activity_id=ids["questions"],
            text="Why?",
            client_id=client_id,
        )
    question = Question.objects.get()
    _act(client, session, action="vote", question_id=question.pk)
    page = _act(client, session, action="vote", question_id=question.pk).content.decode()
    assert QuestionVote.objects.count() == 1 and "Withdraw my vote" in page
    _act(client, session, action="unvote", question_id=question.pk)
    question.refresh_from_db()
    assert question.votes == 0


def test_questions_sort_by_votes_or_newest(client, make_user):
    session, people, _, _, ids = room_with(make_user)
    older = Question.objects.create(
        activity_id=ids["questions"], text="Older", client_id=uuid.uuid4(), votes=5
    )
    Question.objects.create(activity_id=ids["questions"], text="Newer", client_id=uuid.uuid4())
    client.force_login(people["participant"])
    by_votes = client.get(session.get_absolute_url()).content.decode()
    newest = client.get(session.get_absolute_url() + "?order=newest").content.decode()
    assert by_votes.index("Older") < by_votes.index("Newer")
    assert newest.index("Newer") < newest.index("Older")
    assert older.pk


def test_a_guest_puts_a_hand_up_sees_their_place_and_takes_it_down(client, make_user):
    session, people, _, _, ids = room_with(make_user)
    other = make_user(role=Role.MEMBER, target=session)
    QueueEntry.objects.create(activity_id=ids["queue"], user=other)
    client.post(reverse("join"), {"code": session.join_code, "display_name": "Priya"})
    page = _act(client, session, action="queue_join", activity_id=ids["queue"]).content.decode()
    assert "you are number 2 of 2 waiting" in page
    _act(client, session, action="queue_leave", activity_id=ids["queue"])
    assert QueueEntry.objects.filter(state="waiting").count() == 1


def test_a_muted_participant_is_told_and_cannot_ask(client, make_user):
    from deliberation.moderation.services import participant_mute

    session, people, _, _, ids = room_with(make_user)
    asked = Question.objects.create(
        activity_id=ids["questions"],
        author=people["participant"],
        text="First",
        client_id=uuid.uuid4(),
    )
    participant_mute(session_id=session.pk, targets={"question": asked.pk})
    client.force_login(people["participant"])
    page = _act(
        client,
        session,
        action="ask",
        activity_id=ids["questions"],
        text="Again",
        client_id=str(uuid.uuid4()),
    ).content.decode()
    assert "muted you" in page and Question.objects.count() == 1


def test_the_console_marks_answered_and_calls_the_next_speaker(client, make_user):
    session, people, _, _, ids = room_with(make_user)
    question = Question.objects.create(
        activity_id=ids["questions"], text="Q", client_id=uuid.uuid4()
    )
    entry = QueueEntry.objects.create(activity_id=ids["queue"], user=people["participant"])
    client.force_login(people["facilitator"])
    console = reverse("deliberation:console", args=[session.pk])
    client.post(console, {"action": "answer", "question_id": question.pk})
    client.post(console, {"action": "queue_next", "activity_id": ids["queue"]})
    question.refresh_from_db()
    entry.refresh_from_db()
    assert question.answered_at is not None and entry.state == "speaking"
    assert "Speaking now" in client.get(console).content.decode()
    client.force_login(people["moderator"])
    assert (
        client.post(console, {"action": "queue_next", "activity_id": ids["queue"]}).status_code
        == 403
    )
