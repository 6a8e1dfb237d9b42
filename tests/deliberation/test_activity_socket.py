"""Activity messages over the live socket, role by role, through the real ASGI application."""

import uuid

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


@sync_to_async
def _open(session, kind="poll", results="live", **config):
    from deliberation.activities.services import activity_command, activity_create

    if kind == "poll":
        config.setdefault("options", ["Yes", "No"])
    activity = activity_create(
        session_id=session.pk, kind=kind, title="Say", config=config, results=results
    ).activity
    activity_command(session_id=session.pk, activity_id=activity.pk, command="open")
    return activity, [o.pk for o in activity.options.all()]


@pytest.mark.parametrize("role", ["participant", "guest"])
async def test_participants_and_guests_vote_and_a_resend_counts_once(make_user, role):
    session, people, _, token = await _room(make_user)
    poll, (yes, _) = await _open(session)
    socket, _ = await _as(session, people, token, role)
    try:
        message = command("poll.vote", activity_id=poll.pk, choices=[yes])
        for duplicate in (False, True):
            await socket.send_json_to(message)
            assert (await receive_until(socket, "ack"))["duplicate"] is duplicate
        tally = await receive_until(socket, "activity.tally")
        assert tally["tally"]["options"][0]["count"] == 1 and tally["tally"]["voters"] == 1
        again, state = await _as(session, people, token, role)
        assert state["activities"][0]["mine"] == [yes]
        await again.disconnect()
    finally:
        await socket.disconnect()


async def test_a_moderator_cannot_vote_but_hides_a_word(make_user):
    session, people, _, token = await _room(make_user)
    poll, (yes, _) = await _open(session)
    cloud, _ = await _open(session, kind="wordcloud")
    guest, _ = await joined(session, token=token)
    moderator, _ = await joined(session, people["moderator"])
    try:
        await moderator.send_json_to(command("poll.vote", activity_id=poll.pk, choices=[yes]))
        assert (await receive_until(moderator, "error"))["code"] == "forbidden"
        await guest.send_json_to(command("words.submit", activity_id=cloud.pk, words=["Rude"]))
        await receive_until(guest, "ack")
        await moderator.send_json_to(command("words.hide", activity_id=cloud.pk, word="rude"))
        await receive_until(moderator, "ack")
        while True:  # the guest's own push first, then the one without the word
            tally = await receive_until(guest, "activity.tally")
            if tally["tally"]["words"] == []:
                break
    finally:
        await guest.disconnect()
        await moderator.disconnect()


@pytest.mark.parametrize("role", ["moderator", "participant", "guest"])
async def test_only_facilitators_enter_votes_for_others_and_count_hands(make_user, role):
    session, people, _, token = await _room(make_user)
    poll, (yes, _) = await _open(session)
    socket, _ = await _as(session, people, token, role)
    try:
        for message in (
            command("poll.proxy", activity_id=poll.pk, choices=[yes], name="Ada"),
            command("poll.count", activity_id=poll.pk, channel="hands", counts={str(yes): 4}),
        ):
            await socket.send_json_to(message)
            assert (await receive_until(socket, "error"))["code"] == "forbidden"
    finally:
        await socket.disconnect()


async def test_a_facilitator_counts_hands_and_enters_a_vote_for_a_member(make_user):
    session, people, *_ = await _room(make_user)
    poll, (yes, no) = await _open(session)
    socket, _ = await joined(session, people["facilitator"])
    try:
        await socket.send_json_to(
            command("poll.count", activity_id=poll.pk, channel="paper", counts={str(no): 3})
        )
        await receive_until(socket, "ack")
        member = people["participant"]
        await socket.send_json_to(
            command("poll.proxy", activity_id=poll.pk, choices=[yes], user_id=member.pk)
        )
        await receive_until(socket, "ack")
        while True:
            tally = await receive_until(socket, "activity.tally")
            if tally["tally"]["voters"] == 4:
                break
        assert tally["tally"]["by_channel"] == {"device": 0, "proxy": 1, "hands": 0, "paper": 3}
    finally:
        await socket.disconnect()


@pytest.mark.parametrize(
    "fields",
    [
        {"choices": "yes"},
        {"choices": [999999]},
        {"choices": None},
        {"activity_id": "x"},
    ],
)
async def test_a_bad_vote_gets_an_error_code(make_user, fields):
    session, people, *_ = await _room(make_user)
    poll, _ = await _open(session)
    socket, _ = await joined(session, people["participant"])
    try:
        await socket.send_json_to(command("poll.vote", **{"activity_id": poll.pk, **fields}))
        assert (await receive_until(socket, "error"))["code"] in {"bad_message", "invalid_state"}
        assert await sync_to_async(poll.votes.count)() == 0
    finally:
        await socket.disconnect()


async def test_votes_are_rate_limited_per_person(make_user, frozen_clock):
    session, people, *_ = await _room(make_user)
    poll, (yes, no) = await _open(session)
    socket, _ = await joined(session, people["participant"])
    try:
        codes = []
        for n in range(12):
            await socket.send_json_to(
                command("poll.vote", activity_id=poll.pk, choices=[yes, no][n % 2 : n % 2 + 1])
            )
            reply = await receive_until(socket, "error" if n >= 10 else "ack")
            codes.append(reply.get("code"))
        assert codes[-1] == "rate_limited"
    finally:
        await socket.disconnect()


async def test_the_screen_link_watches_live_and_cannot_act(make_user):
    from deliberation.activities.screen import screen_token

    session, people, *_ = await _room(make_user, open_event=False)
    poll, (yes, _) = await _open(session)
    screen, state = await joined(session, token=await sync_to_async(screen_token)(session))
    facilitator, _ = await joined(session, people["facilitator"])
    try:
        assert state["role"] == "screen" and "join_code" not in state
        assert [a["id"] for a in state["activities"]] == [poll.pk]
        for message in (
            command("poll.vote", activity_id=poll.pk, choices=[yes]),
            command("activity.close", activity_id=poll.pk),
            command("words.hide", activity_id=poll.pk, word="x"),
            {"type": "statement.post", "text": "hello", "client_id": str(uuid.uuid4())},
        ):
            await screen.send_json_to(message)
            assert (await receive_until(screen, "error"))["code"] == "forbidden"
        await facilitator.send_json_to(command("activity.close", activity_id=poll.pk))
        changed = await receive_until(screen, "activity.changed")
        assert changed["activity"]["state"] == "closed"
        assert await sync_to_async(poll.votes.count)() == 0
    finally:
        await screen.disconnect()
        await facilitator.disconnect()


async def test_a_screen_link_for_another_session_is_refused(make_user):
    from deliberation.activities.screen import screen_token
    from tests.deliberation.sockets import open_socket

    session, *_ = await _room(make_user, open_event=False)
    other, *_ = await _room(make_user, open_event=False)
    token = await sync_to_async(screen_token)(other)
    socket, ok, _ = await open_socket(f"{session.websocket_path}?token={token}")
    assert ok and (await socket.receive_output(timeout=5))["code"] == 4403
