"""Activity messages over the live socket, role by role, through the real ASGI application."""

import pytest
from asgiref.sync import sync_to_async

from deliberation.activities.models import Activity
from tests.deliberation.activity_helpers import command, room
from tests.deliberation.sockets import joined, receive_until

pytestmark = pytest.mark.django_db(transaction=True)


async def _room(make_user, **kwargs):
    return await sync_to_async(room)(make_user, **kwargs)


async def _as(session, people, token, role):
    if role == "guest":
        return await joined(session, token=token)
    return await joined(session, people[role])


async def test_facilitator_creates_and_opens_and_the_room_sees_it_numbered(make_user):
    session, people, _, token = await _room(make_user)
    facilitator, _ = await joined(session, people["facilitator"])
    participant, p_state = await joined(session, people["participant"])
    try:
        assert p_state["activities"] == []
        create = command("activity.create", kind="queue", title="Hands up")
        await facilitator.send_json_to(create)
        ack = await receive_until(facilitator, "ack")
        assert ack["action_id"] == create["action_id"] and not ack["duplicate"]
        opened = command("activity.open", activity_id=ack["activity_id"])
        await facilitator.send_json_to(opened)
        await receive_until(facilitator, "ack")
        changed = await receive_until(participant, "activity.changed")
        assert changed["seq"] == p_state["seq"]["everyone"] + 1
        assert changed["activity"]["state"] == "open"
        assert "moderation_queue" not in changed["activity"]
        later, state = await joined(session, token=token)
        assert [a["id"] for a in state["activities"]] == [ack["activity_id"]]
        await later.disconnect()
    finally:
        await facilitator.disconnect()
        await participant.disconnect()


@pytest.mark.parametrize("role", ["moderator", "participant", "guest"])
async def test_only_facilitators_create_and_open_activities(make_user, role):
    session, people, _, token = await _room(make_user)
    activity = await Activity.objects.acreate(session=session, kind="poll", title="Lunch?")
    socket, _ = await _as(session, people, token, role)
    try:
        for message in (
            command("activity.create", kind="poll", title="Mine"),
            command("activity.open", activity_id=activity.pk),
        ):
            await socket.send_json_to(message)
            error = await receive_until(socket, "error")
            assert (error["code"], error["action_id"]) == ("forbidden", message["action_id"])
        assert await Activity.objects.acount() == 1
        assert (await Activity.objects.aget(pk=activity.pk)).state == "draft"
    finally:
        await socket.disconnect()


@pytest.mark.parametrize(
    ("message", "code"),
    [
        ({"type": "activity.open", "action_id": "not-a-uuid", "activity_id": 1}, "bad_message"),
        (command("activity.open"), "bad_message"),
        (command("activity.open", activity_id="7"), "bad_message"),
        (command("activity.open", activity_id=999999), "invalid_state"),
        (command("activity.create", kind="survey", title="x"), "bad_message"),
        (command("activity.create", kind="poll", title=""), "invalid_state"),
        (command("activity.close", activity_id=0), "bad_message"),
    ],
)
async def test_bad_activity_messages_get_an_error_and_the_socket_stays_open(
    make_user, message, code
):
    session, people, *_ = await _room(make_user)
    socket, _ = await joined(session, people["facilitator"])
    try:
        await socket.send_json_to(message)
        assert (await receive_until(socket, "error"))["code"] == code
        await socket.send_json_to({"type": "ping"})
        assert (await receive_until(socket, "pong"))["type"] == "pong"
    finally:
        await socket.disconnect()


async def test_a_resent_open_is_acknowledged_as_a_duplicate(make_user):
    session, people, *_ = await _room(make_user)
    activity = await Activity.objects.acreate(
        session=session, kind="poll", title="Lunch?", agenda_item_id=session.current_item_id
    )
    socket, _ = await joined(session, people["facilitator"])
    try:
        message = command("activity.open", activity_id=activity.pk)
        replies = []
        for _ in range(2):
            await socket.send_json_to(message)
            replies.append((await receive_until(socket, "ack"))["duplicate"])
        assert replies == [False, True]
    finally:
        await socket.disconnect()
