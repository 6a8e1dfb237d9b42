"""The live protocol's messages, role by role, through the real ASGI application."""

import uuid

import pytest
from asgiref.sync import sync_to_async

from accounts.models import Role
from deliberation.models import Statement
from deliberation.services import live_session_create, statement_post
from tests.deliberation.sockets import cookie_for, joined, open_socket, receive_until

pytestmark = pytest.mark.django_db(transaction=True)

AGENDA = [{"title": "Welcome", "timer_seconds": 120}, {"title": "Ideas"}]


@sync_to_async
def _room(make_user, *, open_event=False, page=None):
    session = live_session_create(title="Room", agenda=AGENDA, open_event=open_event, page=page)
    people = {
        "facilitator": make_user(role=Role.FACILITATOR, target=session),
        "moderator": make_user(role=Role.MODERATOR, target=session),
        "participant": make_user(role=Role.MEMBER, target=session),
    }
    return session, people


def _command(type_, **fields):
    return {"type": type_, "action_id": str(uuid.uuid4()), **fields}


async def test_facilitator_starts_and_everyone_gets_the_numbered_change(make_user):
    session, people = await _room(make_user)
    facilitator, f_state = await joined(session, people["facilitator"])
    participant, p_state = await joined(session, people["participant"])
    try:
        assert f_state["role"] == "facilitator" and "facilitators" in f_state["seq"]
        assert p_state["role"] == "participant" and set(p_state["seq"]) == {"everyone"}
        assert "join_code" not in p_state and "presence" not in p_state
        command = _command("session.start")
        await facilitator.send_json_to(command)
        ack = await receive_until(facilitator, "ack")
        assert ack == {"type": "ack", "action_id": command["action_id"], "duplicate": False}
        changed = await receive_until(participant, "session.changed")
        assert changed["seq"] == p_state["seq"]["everyone"] + 1
        assert changed["session"]["status"] == "live"
        assert changed["session"]["current_item"]["title"] == "Welcome"
        assert changed["session"]["current_item"]["remaining_seconds"] <= 120
    finally:
        await facilitator.disconnect()
        await participant.disconnect()


async def test_a_resent_command_is_acknowledged_as_a_duplicate_and_done_once(make_user):
    session, people = await _room(make_user)
    facilitator, _ = await joined(session, people["facilitator"])
    try:
        await facilitator.send_json_to(_command("session.start"))
        await receive_until(facilitator, "ack")
        command = _command("agenda.next")
        for duplicate in (False, True):
            await facilitator.send_json_to(command)
            assert (await receive_until(facilitator, "ack"))["duplicate"] is duplicate
        await session.arefresh_from_db()
        assert (await sync_to_async(lambda: session.current_item.title)()) == "Ideas"
    finally:
        await facilitator.disconnect()


async def test_a_move_the_state_refuses_gets_invalid_state(make_user):
    session, people = await _room(make_user)
    facilitator, _ = await joined(session, people["facilitator"])
    try:
        command = _command("session.pause")
        await facilitator.send_json_to(command)
        error = await receive_until(facilitator, "error")
        assert error["code"] == "invalid_state" and error["action_id"] == command["action_id"]
    finally:
        await facilitator.disconnect()


@pytest.mark.parametrize("role", ["participant", "moderator"])
async def test_only_facilitators_move_the_session(make_user, role):
    session, people = await _room(make_user)
    socket, _ = await joined(session, people[role])
    try:
        await socket.send_json_to(_command("session.start"))
        assert (await receive_until(socket, "error"))["code"] == "forbidden"
    finally:
        await socket.disconnect()


async def test_moderator_hides_and_restores_and_each_audience_hears_its_part(make_user):
    session, people = await _room(make_user)
    await sync_to_async(session.__class__.objects.filter(pk=session.pk).update)(status="live")
    posted = await sync_to_async(statement_post)(
        session_id=session.pk,
        user=people["participant"],
        text="Off topic",
        client_id=uuid.uuid4(),
        may_post=True,
    )
    moderator, m_state = await joined(session, people["moderator"])
    participant, _ = await joined(session, people["participant"])
    try:
        assert m_state["role"] == "moderator"
        await moderator.send_json_to(_command("statement.hide", statement_id=posted.statement.pk))
        await receive_until(moderator, "ack")
        hidden = await receive_until(participant, "statement.hidden")
        assert hidden["statement_id"] == posted.statement.pk and "text" not in hidden
        moderated = await receive_until(moderator, "statement.moderated")
        assert moderated["hidden"] is True and moderated["stream"] == "facilitators"
        await moderator.send_json_to(
            _command("statement.restore", statement_id=posted.statement.pk)
        )
        restored = await receive_until(participant, "statement.new")
        assert restored["statement"]["text"] == "Off topic"
        assert not (await Statement.objects.aget()).hidden
    finally:
        await moderator.disconnect()
        await participant.disconnect()


async def test_participant_cannot_hide_or_read_the_facilitators_stream(make_user):
    session, people = await _room(make_user)
    participant, _ = await joined(session, people["participant"])
    try:
        await participant.send_json_to(_command("statement.hide", statement_id=1))
        assert (await receive_until(participant, "error"))["code"] == "forbidden"
        await participant.send_json_to({"type": "resync", "stream": "facilitators", "since": 0})
        assert (await receive_until(participant, "error"))["code"] == "forbidden"
    finally:
        await participant.disconnect()


async def test_reconnect_after_a_gap_resyncs_what_was_missed(make_user):
    from deliberation import flow

    session, people = await _room(make_user)
    participant, state = await joined(session, people["participant"])
    seen = state["seq"]["everyone"]
    await participant.disconnect()
    # Two changes while the participant is away.
    await sync_to_async(flow.session_start)(session_id=session.pk)
    await sync_to_async(flow.agenda_item_advance)(session_id=session.pk)
    participant, _ = await joined(session, people["participant"])
    try:
        await participant.send_json_to({"type": "resync", "since": seen})
        reply = await receive_until(participant, "events")
        assert reply["stream"] == "everyone" and reply["since"] == seen
        assert [e["seq"] for e in reply["events"]] == [seen + 1, seen + 2]
        assert reply["events"][-1]["session"]["current_item"]["title"] == "Ideas"
        await participant.send_json_to({"type": "resync", "since": seen + 50})
        assert (await receive_until(participant, "session.state"))["seq"]["everyone"] == seen + 2
    finally:
        await participant.disconnect()


@pytest.mark.parametrize(
    ("message", "code"),
    [
        ({"type": "resync", "since": "yesterday"}, "bad_message"),
        ({"type": "resync", "since": -1}, "bad_message"),
        ({"type": "agenda.next"}, "bad_message"),
        ({"type": "agenda.next", "action_id": "not-a-uuid"}, "bad_message"),
        (
            {"type": "statement.hide", "statement_id": "7", "action_id": str(uuid.uuid4())},
            "bad_message",
        ),
        ({"type": "survey.answer"}, "unknown_type"),  # poll.vote is a real type now
        (["not", "an", "object"], "bad_message"),
    ],
)
async def test_bad_messages_get_an_error_code_and_the_socket_stays_open(make_user, message, code):
    session, people = await _room(make_user)
    facilitator, _ = await joined(session, people["facilitator"])
    try:
        await facilitator.send_json_to(message)
        assert (await receive_until(facilitator, "error"))["code"] == code
        await facilitator.send_json_to({"type": "ping"})
        assert (await receive_until(facilitator, "pong")) == {"type": "pong"}
    finally:
        await facilitator.disconnect()


async def test_outsider_is_refused(make_user):
    session, _ = await _room(make_user)
    socket, ok, _ = await open_socket(
        session.websocket_path, await cookie_for(await sync_to_async(make_user)())
    )
    assert ok
    assert (await socket.receive_output(timeout=5))["code"] == 4403


async def test_member_of_another_assembly_is_refused_and_a_member_of_this_one_joins(
    make_user, home_page
):
    from tests.assembly.factories import AssemblyPageFactory

    ours, theirs = await sync_to_async(lambda: (AssemblyPageFactory(), AssemblyPageFactory()))()
    session, _ = await _room(make_user, page=ours)
    stranger = await sync_to_async(make_user)(role=Role.MEMBER, target=theirs)
    socket, ok, _ = await open_socket(session.websocket_path, await cookie_for(stranger))
    assert ok and (await socket.receive_output(timeout=5))["code"] == 4403
    member = await sync_to_async(make_user)(role=Role.MEMBER, target=ours)
    socket, state = await joined(session, member)
    assert state["role"] == "participant"
    await socket.disconnect()


async def test_open_event_guest_joins_with_the_token_and_posts(make_user):
    from deliberation import flow
    from deliberation.guests import guest_join

    session, people = await _room(make_user, open_event=True)
    await sync_to_async(flow.session_start)(session_id=session.pk)
    guest, token = await sync_to_async(guest_join)(code=session.join_code, display_name="Sam")
    socket, state = await joined(session, token=token)
    facilitator, f_state = await joined(session, people["facilitator"])
    try:
        assert state["role"] == "guest" and state["display_name"] == "Sam"
        assert "Sam (guest)" in f_state["presence"]["names"]
        message = {
            "type": "statement.post",
            "text": "From the floor",
            "client_id": str(uuid.uuid4()),
        }
        for _ in range(2):  # a resend is saved once
            await socket.send_json_to(message)
            await receive_until(socket, "statement.ack")
        assert await Statement.objects.filter(guest=guest).acount() == 1
    finally:
        await socket.disconnect()
        await facilitator.disconnect()


@pytest.mark.parametrize("token", ["forged", None])
async def test_guest_without_a_genuine_token_is_refused(make_user, token):
    from django.core import signing

    session, _ = await _room(make_user, open_event=True)
    token = token or signing.dumps({"s": session.pk, "g": 999}, salt="other-salt")
    socket, ok, _ = await open_socket(f"{session.websocket_path}?token={token}")
    assert ok and (await socket.receive_output(timeout=5))["code"] == 4403


async def test_the_console_hears_who_comes_and_goes(make_user):
    session, people = await _room(make_user)
    facilitator, state = await joined(session, people["facilitator"])
    try:
        assert state["presence"]["count"] == 1
        assert (await receive_until(facilitator, "presence"))["count"] == 1  # its own arrival
        participant, _ = await joined(session, people["participant"])
        assert (await receive_until(facilitator, "presence"))["count"] == 2
        await participant.disconnect()
        assert (await receive_until(facilitator, "presence"))["count"] == 1
    finally:
        await facilitator.disconnect()
