"""Moderation messages over the live socket, role by role: approve, mute, unmute, settings."""

import uuid

import pytest
from asgiref.sync import sync_to_async

from deliberation.guests import guest_join
from deliberation.moderation.models import Mute
from deliberation.services import statement_post
from tests.deliberation.activity_helpers import command, room
from tests.deliberation.sockets import joined, receive_until

pytestmark = pytest.mark.django_db(transaction=True)


async def _room(make_user):
    return await sync_to_async(room)(make_user)


async def _as(session, people, token, role):
    if role == "guest":
        return await joined(session, token=token)
    return await joined(session, people[role])


def _said(session, text="Loud", **person):
    return statement_post(
        session_id=session.pk, text=text, client_id=uuid.uuid4(), may_post=True, **person
    ).statement


async def test_a_muted_guest_is_refused_on_the_socket_even_after_rejoining(make_user):
    session, people, guest, token = await _room(make_user)
    said = await sync_to_async(_said)(session, user=None, guest=guest)
    moderator, _ = await joined(session, people["moderator"])
    try:
        mute = command("participant.mute", statement_id=said.pk)
        await moderator.send_json_to(mute)
        assert (await receive_until(moderator, "ack"))["duplicate"] is False
        muted = await receive_until(moderator, "participant.muted")
        assert muted["stream"] == "facilitators" and muted["mute"]["name"] == "Sam (guest)"
        logged = await receive_until(moderator, "moderation.logged")
        assert logged["entry"]["action"] == "mute"
        await moderator.send_json_to(mute)  # a resend: acknowledged, nothing done again
        assert (await receive_until(moderator, "ack"))["duplicate"] is True
    finally:
        await moderator.disconnect()
    _, new_token = await sync_to_async(guest_join)(
        code=session.join_code, display_name="Not Sam", tokens={str(session.pk): token}
    )
    socket, state = await joined(session, token=new_token)
    try:
        assert state["muted"] is True and state["display_name"] == "Not Sam"
        message = {"type": "statement.post", "text": "Again", "client_id": str(uuid.uuid4())}
        await socket.send_json_to(message)
        error = await receive_until(socket, "error")
        assert error["code"] == "forbidden" and "muted" in error["message"]
    finally:
        await socket.disconnect()


async def test_pre_moderation_over_the_socket_hides_until_approved(make_user):
    session, people, _, token = await _room(make_user)
    facilitator, _ = await joined(session, people["facilitator"])
    guest, g_state = await joined(session, token=token)
    try:
        await facilitator.send_json_to(
            command("moderation.settings", statements="pre", max_statement_length=100)
        )
        await receive_until(facilitator, "ack")
        announced = await receive_until(guest, "moderation.settings")
        assert announced["settings"]["statements"] == "pre"
        post = {"type": "statement.post", "text": "Waiting", "client_id": str(uuid.uuid4())}
        await guest.send_json_to(post)
        assert (await receive_until(guest, "statement.ack"))["statement"]["pending"] is True
        waiting = await receive_until(facilitator, "statement.pending")
        assert waiting["statement"]["author"] == "Sam (guest)"
        await facilitator.send_json_to(
            command("statement.approve", statement_id=waiting["statement"]["id"])
        )
        await receive_until(facilitator, "ack")
        shown = await receive_until(guest, "statement.new")
        assert shown["seq"] == g_state["seq"]["everyone"] + 2  # the settings, then this
        long = {"type": "statement.post", "text": "x" * 101, "client_id": str(uuid.uuid4())}
        await guest.send_json_to(long)
        assert (await receive_until(guest, "error"))["code"] == "rejected"
    finally:
        await facilitator.disconnect()
        await guest.disconnect()


@pytest.mark.parametrize(
    ("role", "type_", "allowed"),
    [
        ("participant", "participant.mute", False),
        ("guest", "participant.mute", False),
        ("moderator", "participant.mute", True),
        ("facilitator", "participant.mute", True),
        ("moderator", "moderation.settings", False),
        ("participant", "moderation.settings", False),
        ("facilitator", "moderation.settings", True),
        ("guest", "statement.approve", False),
    ],
)
async def test_each_role_may_moderate_only_as_far_as_its_role(make_user, role, type_, allowed):
    session, people, _, token = await _room(make_user)
    said = await sync_to_async(_said)(session, user=people["participant"])
    socket, _ = await _as(session, people, token, role)
    try:
        fields = (
            {"statements": "pre"} if type_ == "moderation.settings" else {"statement_id": said.pk}
        )
        message = command(type_, **fields)
        await socket.send_json_to(message)
        reply = await receive_until(socket, "ack" if allowed else "error")
        assert reply["action_id"] == message["action_id"]
        if not allowed:
            assert reply["code"] == "forbidden"
    finally:
        await socket.disconnect()


@pytest.mark.parametrize(
    ("message", "code"),
    [
        (
            {"type": "participant.mute", "statement_id": "3", "action_id": str(uuid.uuid4())},
            "bad_message",
        ),
        ({"type": "participant.mute", "action_id": str(uuid.uuid4())}, "invalid_state"),
        (
            {"type": "participant.unmute", "mute_id": 77, "action_id": str(uuid.uuid4())},
            "invalid_state",
        ),
        (
            {"type": "moderation.settings", "statements": "later", "action_id": str(uuid.uuid4())},
            "bad_message",
        ),
        (
            {
                "type": "moderation.settings",
                "max_question_length": 5,
                "action_id": str(uuid.uuid4()),
            },
            "invalid_state",
        ),
        ({"type": "statement.approve", "statement_id": 1}, "bad_message"),
        (
            {"type": "statement.approve", "statement_id": 999, "action_id": str(uuid.uuid4())},
            "invalid_state",
        ),
    ],
)
async def test_bad_moderation_messages_get_a_code_and_nothing_changes(make_user, message, code):
    session, people, _, _ = await _room(make_user)
    facilitator, _ = await joined(session, people["facilitator"])
    try:
        await facilitator.send_json_to(message)
        assert (await receive_until(facilitator, "error"))["code"] == code
        assert await Mute.objects.acount() == 0
    finally:
        await facilitator.disconnect()


async def test_unmute_over_the_socket_lets_the_member_post_again(make_user):
    session, people, _, _ = await _room(make_user)
    said = await sync_to_async(_said)(session, user=people["participant"])
    facilitator, _ = await joined(session, people["facilitator"])
    participant, _ = await joined(session, people["participant"])
    try:
        await facilitator.send_json_to(command("participant.mute", statement_id=said.pk))
        mute_id = (await receive_until(facilitator, "participant.muted"))["mute"]["id"]
        await facilitator.send_json_to(command("participant.unmute", mute_id=mute_id))
        assert (await receive_until(facilitator, "participant.unmuted"))["mute_id"] == mute_id
        post = {"type": "statement.post", "text": "Thanks", "client_id": str(uuid.uuid4())}
        await participant.send_json_to(post)
        assert (await receive_until(participant, "statement.ack"))["statement"]["text"] == "Thanks"
    finally:
        await facilitator.disconnect()
        await participant.disconnect()
