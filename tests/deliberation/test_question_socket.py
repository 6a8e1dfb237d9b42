"""Questions, up-votes and the speaking queue over the live socket, role by role."""

import uuid

import pytest
from asgiref.sync import sync_to_async

from accounts.models import Role
from deliberation.questions.models import Question, QuestionVote, QueueEntry
from tests.deliberation.activity_helpers import command
from tests.deliberation.question_helpers import room_with
from tests.deliberation.sockets import cookie_for, joined, open_socket, receive_until

pytestmark = pytest.mark.django_db(transaction=True)


async def _room(make_user, **kwargs):
    return await sync_to_async(room_with)(make_user, **kwargs)


async def _as(session, people, token, role):
    if role == "guest":
        return await joined(session, token=token)
    return await joined(session, people[role])


def _ask(activity_id, text="Who pays for respite care?"):
    return {
        "type": "question.ask",
        "activity_id": activity_id,
        "text": text,
        "client_id": str(uuid.uuid4()),
    }


@pytest.mark.parametrize("role", ["participant", "guest", "facilitator"])
async def test_a_question_is_asked_once_and_everyone_sees_it(make_user, role):
    session, people, _, token, ids = await _room(make_user)
    asker, _ = await _as(session, people, token, role)
    other, o_state = await joined(
        session, people["participant" if role != "participant" else "facilitator"]
    )
    try:
        message = _ask(ids["questions"])
        for _ in range(2):  # a resend after a reconnect is saved once
            await asker.send_json_to(message)
            ack = await receive_until(asker, "question.ack")
        assert ack["question"]["text"] == message["text"] and "pending" not in ack["question"]
        new = await receive_until(other, "question.new")
        assert new["question"]["id"] == ack["question"]["id"] and new["stream"] == "everyone"
        assert "author" not in new["question"]
        assert await Question.objects.acount() == 1
    finally:
        await asker.disconnect()
        await other.disconnect()


async def test_up_votes_count_one_per_person_and_can_be_withdrawn(make_user):
    session, people, _, token, ids = await _room(make_user)
    participant, _ = await joined(session, people["participant"])
    guest, _ = await joined(session, token=token)
    try:
        await participant.send_json_to(_ask(ids["questions"]))
        question_id = (await receive_until(participant, "question.ack"))["question"]["id"]
        vote = command("question.vote", question_id=question_id)
        for duplicate in (False, True):  # the same action_id again counts once
            await participant.send_json_to(vote)
            assert (await receive_until(participant, "ack"))["duplicate"] is duplicate
        await participant.send_json_to(command("question.vote", question_id=question_id))
        assert (await receive_until(participant, "ack"))["votes"] == 1  # a second vote, not counted
        await guest.send_json_to(command("question.vote", question_id=question_id))
        assert (await receive_until(guest, "ack"))["votes"] == 2
        tally = await receive_until(participant, "question.votes")
        assert tally["votes"] in (1, 2)
        await guest.send_json_to(command("question.vote", question_id=question_id, up=False))
        ack = await receive_until(guest, "ack")
        assert ack["votes"] == 1 and ack["voted"] is False
        assert await QuestionVote.objects.acount() == 1
        _, state = await joined(session, token=token)
        assert state["questions"][str(ids["questions"])][0]["votes"] == 1
        assert state["my_question_votes"] == []
    finally:
        await participant.disconnect()
        await guest.disconnect()


async def test_pre_moderated_question_waits_for_the_moderator_then_shows(make_user):
    session, people, _, token, ids = await _room(make_user, moderation="pre")
    moderator, m_state = await joined(session, people["moderator"])
    participant, p_state = await joined(session, people["participant"])
    try:
        await participant.send_json_to(_ask(ids["questions"], "Off the record?"))
        ack = await receive_until(participant, "question.ack")
        assert ack["question"]["pending"] is True
        waiting = await receive_until(moderator, "question.pending")
        assert waiting["stream"] == "facilitators" and waiting["question"]["author"]
        await moderator.send_json_to(command("question.approve", question_id=ack["question"]["id"]))
        await receive_until(moderator, "ack")
        shown = await receive_until(participant, "question.new")
        assert shown["seq"] == p_state["seq"]["everyone"] + 1  # nothing came before it
        logged = await receive_until(moderator, "moderation.logged")
        assert logged["entry"]["action"] == "approve"
    finally:
        await moderator.disconnect()
        await participant.disconnect()


@pytest.mark.parametrize(
    ("role", "type_", "allowed"),
    [
        ("participant", "question.answer", False),
        ("guest", "question.hide", False),
        ("moderator", "question.answer", False),
        ("moderator", "question.hide", True),
        ("facilitator", "question.answer", True),
        ("moderator", "question.vote", False),
        ("moderator", "queue.join", False),
        ("participant", "queue.next", False),
        ("guest", "queue.next", False),
    ],
)
async def test_each_role_may_do_only_its_part(make_user, role, type_, allowed):
    session, people, _, token, ids = await _room(make_user)
    question = await sync_to_async(Question.objects.create)(
        activity_id=ids["questions"], text="A question", client_id=uuid.uuid4()
    )
    socket, _ = await _as(session, people, token, role)
    try:
        target = (
            {"activity_id": ids["queue"]}
            if type_.startswith("queue")
            else {"question_id": question.pk}
        )
        message = command(type_, **target)
        await socket.send_json_to(message)
        reply = await receive_until(socket, "ack" if allowed else "error")
        assert reply["action_id"] == message["action_id"]
        if not allowed:
            assert reply["code"] == "forbidden"
    finally:
        await socket.disconnect()


async def test_queue_positions_are_private_and_the_console_sees_names(make_user):
    session, people, _, token, ids = await _room(make_user)
    facilitator, _ = await joined(session, people["facilitator"])
    participant, _ = await joined(session, people["participant"])
    guest, _ = await joined(session, token=token)
    try:
        await participant.send_json_to(command("queue.join", activity_id=ids["queue"]))
        first = await receive_until(participant, "ack")
        assert first["position"] == 1
        join = command("queue.join", activity_id=ids["queue"])
        for _ in range(2):
            await guest.send_json_to(join)
            second = await receive_until(guest, "ack")
        assert second["position"] == 2 and await QueueEntry.objects.acount() == 2
        public = await receive_until(participant, "queue.changed")
        assert set(public["queue"]) == {"activity_id", "waiting", "speaking"}
        assert all(isinstance(e, int) for e in public["queue"]["waiting"])
        console = await receive_until(facilitator, "queue.console")
        assert console["stream"] == "facilitators"
        await facilitator.send_json_to(command("queue.next", activity_id=ids["queue"]))
        called = await receive_until(facilitator, "ack")
        assert called["entry_id"] == first["entry_id"]
        _, state = await joined(session, token=token)
        line = state["queues"][str(ids["queue"])]
        assert line["waiting"] == [second["entry_id"]] and line["speaking"] == first["entry_id"]
        assert state["my_queue"] == {str(ids["queue"]): second["entry_id"]}
        await guest.send_json_to(command("queue.leave", activity_id=ids["queue"]))
        await receive_until(guest, "ack")
        assert (await QueueEntry.objects.aget(pk=second["entry_id"])).state == "left"
    finally:
        for socket in (facilitator, participant, guest):
            await socket.disconnect()


@pytest.mark.parametrize(
    ("message", "code"),
    [
        ({"type": "question.ask", "activity_id": "one"}, "bad_message"),
        (
            {"type": "question.ask", "activity_id": 1, "text": "", "client_id": str(uuid.uuid4())},
            "rejected",
        ),
        (
            {
                "type": "question.ask",
                "activity_id": 1,
                "text": "x" * 301,
                "client_id": str(uuid.uuid4()),
            },
            "rejected",
        ),
        ({"type": "question.ask", "activity_id": 1, "text": "Hi", "client_id": "nope"}, "rejected"),
        (
            {
                "type": "question.ask",
                "activity_id": 999,
                "text": "Hi",
                "client_id": str(uuid.uuid4()),
            },
            "rejected",
        ),
        (
            {
                "type": "question.vote",
                "question_id": 1,
                "action_id": str(uuid.uuid4()),
                "up": "yes",
            },
            "bad_message",
        ),
        ({"type": "question.vote", "question_id": 999, "action_id": str(uuid.uuid4())}, "rejected"),
        ({"type": "queue.join", "activity_id": 1}, "bad_message"),
        ({"type": "queue.join", "activity_id": 999, "action_id": str(uuid.uuid4())}, "rejected"),
    ],
)
async def test_bad_question_and_queue_messages_get_a_code_and_the_socket_stays(
    make_user, message, code
):
    session, people, _, _, ids = await _room(make_user)
    if message.get("activity_id") == 1:
        message = {**message, "activity_id": ids["questions"]}
    participant, _ = await joined(session, people["participant"])
    try:
        await participant.send_json_to(message)
        assert (await receive_until(participant, "error"))["code"] == code
        await participant.send_json_to({"type": "ping"})
        assert await receive_until(participant, "pong") == {"type": "pong"}
    finally:
        await participant.disconnect()


async def test_asking_too_fast_is_rate_limited_per_person(make_user, frozen_clock):
    session, people, _, token, ids = await _room(make_user)
    participant, _ = await joined(session, people["participant"])
    guest, _ = await joined(session, token=token)
    try:
        codes = []
        for n in range(4):
            await participant.send_json_to(_ask(ids["questions"], f"Question {n}"))
            reply = await participant.receive_json_from(timeout=5)
            while reply["type"] not in ("question.ack", "error"):
                reply = await participant.receive_json_from(timeout=5)
            codes.append(reply.get("code", "ok"))
        assert codes == ["ok", "ok", "ok", "rate_limited"]
        await guest.send_json_to(_ask(ids["questions"], "Mine"))  # another person is not held up
        assert (await receive_until(guest, "question.ack"))["question"]["text"] == "Mine"
    finally:
        await participant.disconnect()
        await guest.disconnect()


async def test_outsiders_and_other_assemblies_members_cannot_reach_the_questions(
    make_user, home_page
):
    from tests.assembly.factories import AssemblyPageFactory

    session, _, _, _, _ = await _room(make_user)
    theirs = await sync_to_async(AssemblyPageFactory)()
    for person in (
        await sync_to_async(make_user)(),
        await sync_to_async(make_user)(role=Role.MEMBER, target=theirs),
    ):
        socket, ok, _ = await open_socket(session.websocket_path, await cookie_for(person))
        assert ok and (await socket.receive_output(timeout=5))["code"] == 4403
