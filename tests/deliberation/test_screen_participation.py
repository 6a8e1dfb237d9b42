"""The screen view's questions and queue: the top unanswered questions, how many wait."""

import uuid

import pytest
from django.urls import reverse

from accounts.models import Role
from deliberation.activities.screen import screen_token
from deliberation.activities.services import activity_command
from deliberation.questions import queue, services
from deliberation.questions.selectors import SCREEN_TOP_QUESTIONS, screen_participation
from tests.deliberation.question_helpers import room_with

pytestmark = pytest.mark.django_db


def _ask(session, ids, person, text):
    return services.question_ask(
        session_id=session.pk,
        activity_id=ids["questions"],
        user=person,
        text=text,
        client_id=uuid.uuid4(),
        may_post=True,
    ).question


def _vote(session, question, person):
    services.question_vote(session_id=session.pk, question_id=question.pk, user=person, up=True)


def test_the_screen_shows_the_most_up_voted_unanswered_questions_first(make_user):
    session, people, *_, ids = room_with(make_user)
    # Seven askers: one person may ask only three questions in 30 seconds.
    askers = [make_user(role=Role.MEMBER, target=session) for _ in range(7)]
    asked = [_ask(session, ids, person, f"Question {n}") for n, person in enumerate(askers)]
    for person in ("participant", "moderator"):
        _vote(session, asked[3], people[person])
    _vote(session, asked[5], people["participant"])
    services.question_answered_set(
        session_id=session.pk, question_id=asked[6].pk, answered=True, actor=None
    )
    board = screen_participation(session=session)["question_boards"][0]
    shown = [q.text for q in board["questions"]]
    assert shown[:3] == ["Question 3", "Question 5", "Question 4"]
    assert len(shown) == SCREEN_TOP_QUESTIONS and "Question 6" not in shown
    assert board["more"] == 1


def test_the_screen_counts_hands_up_without_names_and_hides_closed_activities(client, make_user):
    session, people, guest, _, ids = room_with(make_user)
    for person in ("participant", "moderator"):
        queue.queue_join(
            session_id=session.pk, activity_id=ids["queue"], user=people[person], may_post=True
        )
    queue.queue_call_next(session_id=session.pk, activity_id=ids["queue"])
    url = reverse("deliberation:screen", args=[screen_token(session)])
    page = client.get(url).content.decode()
    assert "Someone is speaking. 1 waiting to speak." in page
    speaker = people["participant"]
    assert (speaker.get_full_name() or speaker.get_username()) not in page
    activity_command(session_id=session.pk, activity_id=ids["queue"], command="close")
    activity_command(session_id=session.pk, activity_id=ids["questions"], command="close")
    page = client.get(url).content.decode()
    assert "Speaking queue" not in page and "Top questions" not in page
