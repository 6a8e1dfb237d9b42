"""The live-session WebSocket, through the real ASGI application.

``config.asgi.application`` includes the origin check and the session auth
middleware, so these tests send an Origin header and a session cookie.
"""

import asyncio
import uuid

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from accounts.models import Role
from config.asgi import application

pytestmark = pytest.mark.django_db(transaction=True)

ORIGIN = (b"origin", b"http://testserver")


@sync_to_async
def _cookie_for(user) -> bytes:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}".encode()


@sync_to_async
def _member_and_session(make_user, live_session_factory):
    session = live_session_factory()
    return make_user(role=Role.MEMBER, target=session), session


async def _connect(path, *headers):
    communicator = WebsocketCommunicator(application, path, headers=list(headers))
    connected, code = await communicator.connect()
    return communicator, connected, code


async def test_member_posts_a_statement_and_everyone_in_the_room_gets_it(
    make_user, live_session_factory
):
    member, session = await _member_and_session(make_user, live_session_factory)
    cookie = (b"cookie", await _cookie_for(member))
    first, ok1, _ = await _connect(session.websocket_path, ORIGIN, cookie)
    second, ok2, _ = await _connect(session.websocket_path, ORIGIN, cookie)
    try:
        assert ok1 and ok2
        state = await first.receive_json_from()
        assert state["type"] == "session.state"
        await second.receive_json_from()
        client_id = str(uuid.uuid4())
        await first.send_json_to(
            {"type": "statement.post", "text": "More respite care", "client_id": client_id}
        )
        ack = await first.receive_json_from()
        assert ack["type"] == "statement.ack"
        assert ack["statement"]["text"] == "More respite care"
        broadcast = await second.receive_json_from()
        assert broadcast == {
            "type": "statement.new",
            "stream": "everyone",
            "seq": state["seq"]["everyone"] + 1,
            "statement": ack["statement"],
        }
    finally:
        await first.disconnect()
        await second.disconnect()


async def test_resend_after_reconnect_is_saved_once(make_user, live_session_factory):
    from deliberation.models import Statement

    member, session = await _member_and_session(make_user, live_session_factory)
    cookie = (b"cookie", await _cookie_for(member))
    message = {"type": "statement.post", "text": "Same words", "client_id": str(uuid.uuid4())}
    for _ in range(2):
        communicator, ok, _ = await _connect(session.websocket_path, ORIGIN, cookie)
        try:
            assert ok
            await communicator.receive_json_from()
            await communicator.send_json_to(message)
            assert (await communicator.receive_json_from())["type"] == "statement.ack"
        finally:
            await communicator.disconnect()
    assert await Statement.objects.filter(session=session).acount() == 1


async def test_sync_returns_statements_missed_while_disconnected(
    make_user, live_session_factory, statement_factory
):
    member, session = await _member_and_session(make_user, live_session_factory)
    seen = await sync_to_async(statement_factory)(session=session)
    missed = await sync_to_async(statement_factory)(session=session)
    cookie = (b"cookie", await _cookie_for(member))
    communicator, ok, _ = await _connect(session.websocket_path, ORIGIN, cookie)
    try:
        await communicator.receive_json_from()
        await communicator.send_json_to({"type": "sync", "after": seen.pk})
        reply = await communicator.receive_json_from()
        assert [s["id"] for s in reply["statements"]] == [missed.pk]
    finally:
        await communicator.disconnect()


@pytest.mark.parametrize(
    ("message", "code"),
    [
        ({"type": "statement.post", "text": "", "client_id": str(uuid.uuid4())}, "rejected"),
        (
            {"type": "statement.post", "text": "x" * 1001, "client_id": str(uuid.uuid4())},
            "rejected",
        ),
        ({"type": "statement.post", "text": "hello", "client_id": "not-a-uuid"}, "rejected"),
        (
            {"type": "statement.post", "text": ["a", "list"], "client_id": str(uuid.uuid4())},
            "rejected",
        ),
        ({"type": "delete_everything"}, "unknown_type"),
        ({"no": "type"}, "bad_message"),
        ([1, 2, 3], "bad_message"),
        ({"type": "sync", "after": "yesterday"}, "bad_message"),
    ],
)
async def test_bad_messages_get_a_clear_error_and_the_socket_stays_open(
    make_user, live_session_factory, message, code
):
    member, session = await _member_and_session(make_user, live_session_factory)
    cookie = (b"cookie", await _cookie_for(member))
    communicator, ok, _ = await _connect(session.websocket_path, ORIGIN, cookie)
    try:
        await communicator.receive_json_from()
        await communicator.send_json_to(message)
        reply = await communicator.receive_json_from()
        assert reply["type"] == "error"
        assert reply["code"] == code
        assert reply["message"]
        await communicator.send_json_to({"type": "ping"})
        assert await communicator.receive_json_from() == {"type": "pong"}
    finally:
        await communicator.disconnect()


async def test_text_that_is_not_json_gets_an_error(make_user, live_session_factory):
    member, session = await _member_and_session(make_user, live_session_factory)
    cookie = (b"cookie", await _cookie_for(member))
    communicator, ok, _ = await _connect(session.websocket_path, ORIGIN, cookie)
    try:
        await communicator.receive_json_from()
        await communicator.send_to(text_data="{not json")
        assert (await communicator.receive_json_from())["code"] == "bad_message"
    finally:
        await communicator.disconnect()


async def test_foreign_origin_is_refused(make_user, live_session_factory):
    member, session = await _member_and_session(make_user, live_session_factory)
    cookie = (b"cookie", await _cookie_for(member))
    communicator, ok, _ = await _connect(
        session.websocket_path, (b"origin", b"http://evil.example"), cookie
    )
    assert not ok
    await communicator.disconnect()


async def _close_code(communicator) -> int:
    """The code of the close frame the server sends after accepting the handshake."""
    message = await communicator.receive_output()
    assert message["type"] == "websocket.close"
    return message["code"]


async def test_anonymous_visitor_gets_close_code_4403(live_session_factory):
    session = await sync_to_async(live_session_factory)()
    communicator, ok, _ = await _connect(session.websocket_path, ORIGIN)
    try:
        # Accepted first, so the code reaches a browser instead of a bare 1006.
        assert ok
        assert await _close_code(communicator) == 4403
    finally:
        await communicator.disconnect()


async def test_resident_who_is_not_a_member_gets_close_code_4403(make_user, live_session_factory):
    session = await sync_to_async(live_session_factory)()
    resident = await sync_to_async(make_user)(role=Role.RESIDENT)
    cookie = (b"cookie", await _cookie_for(resident))
    communicator, ok, _ = await _connect(session.websocket_path, ORIGIN, cookie)
    try:
        assert ok
        assert await _close_code(communicator) == 4403
    finally:
        await communicator.disconnect()


async def test_unknown_session_gets_close_code_4404(make_user):
    resident = await sync_to_async(make_user)(role=Role.RESIDENT)
    cookie = (b"cookie", await _cookie_for(resident))
    communicator, ok, _ = await _connect("/ws/sessions/999999/", ORIGIN, cookie)
    try:
        assert ok
        assert await _close_code(communicator) == 4404
    finally:
        await communicator.disconnect()


async def test_handshake_is_accepted_before_the_database_is_read(
    make_user, live_session_factory, monkeypatch
):
    # Daphne drops a handshake not accepted within 5 s; a room joining at once queues
    # every socket's reads on one database thread, so accepting must not wait for them.
    from deliberation import live_db

    member, session = await _member_and_session(make_user, live_session_factory)
    cookie = (b"cookie", await _cookie_for(member))
    reads_may_run = asyncio.Event()
    real_access = live_db.session_access

    async def held_back(*args):
        await reads_may_run.wait()
        return await real_access(*args)

    monkeypatch.setattr(live_db, "session_access", held_back)
    communicator, ok, _ = await _connect(session.websocket_path, ORIGIN, cookie)
    try:
        assert ok
        assert await communicator.receive_nothing(timeout=0.2)
        reads_may_run.set()
        assert (await communicator.receive_json_from())["type"] == "session.state"
    finally:
        await communicator.disconnect()


async def _connected_member(make_user, live_session_factory):
    member, session = await _member_and_session(make_user, live_session_factory)
    cookie = (b"cookie", await _cookie_for(member))
    communicator, ok, _ = await _connect(session.websocket_path, ORIGIN, cookie)
    assert ok
    assert (await communicator.receive_json_from())["type"] == "session.state"
    return communicator, member, session


async def _still_open(communicator) -> bool:
    await communicator.send_json_to({"type": "ping"})
    return await communicator.receive_json_from() == {"type": "pong"}


async def test_binary_frame_gets_bad_message_and_the_socket_stays_open(
    make_user, live_session_factory
):
    communicator, _, _ = await _connected_member(make_user, live_session_factory)
    try:
        await communicator.send_to(bytes_data=b'{"type": "ping"}')
        reply = await communicator.receive_json_from()
        assert reply["type"] == "error"
        assert reply["code"] == "bad_message"
        assert await _still_open(communicator)
    finally:
        await communicator.disconnect()


async def test_empty_text_frame_gets_bad_message(make_user, live_session_factory):
    communicator, _, _ = await _connected_member(make_user, live_session_factory)
    try:
        # send_to() refuses an empty frame, so send the raw ASGI event.
        await communicator.send_input({"type": "websocket.receive", "text": ""})
        assert (await communicator.receive_json_from())["code"] == "bad_message"
        assert await _still_open(communicator)
    finally:
        await communicator.disconnect()


async def test_frame_over_16_kib_gets_too_large_and_nothing_is_saved(
    make_user, live_session_factory
):
    from deliberation.models import Statement

    communicator, _, session = await _connected_member(make_user, live_session_factory)
    try:
        message = {
            "type": "statement.post",
            "text": "x" * (17 * 1024),
            "client_id": str(uuid.uuid4()),
        }
        await communicator.send_json_to(message)
        reply = await communicator.receive_json_from()
        assert reply["type"] == "error"
        assert reply["code"] == "too_large"
        assert await _still_open(communicator)
        assert not await Statement.objects.filter(session=session).aexists()
    finally:
        await communicator.disconnect()


async def test_frame_over_16_kib_in_utf8_bytes_is_too_large(make_user, live_session_factory):
    communicator, _, _ = await _connected_member(make_user, live_session_factory)
    try:
        # 6,000 characters but 18,000 bytes: the limit is on what crosses the wire.
        await communicator.send_to(text_data='{"type": "ping", "pad": "' + "€" * 6000 + '"}')
        assert (await communicator.receive_json_from())["code"] == "too_large"
    finally:
        await communicator.disconnect()


async def test_member_whose_role_is_revoked_mid_socket_is_closed_with_4403(
    make_user, live_session_factory
):
    from accounts.services import role_revoke
    from deliberation.models import Statement

    communicator, member, session = await _connected_member(make_user, live_session_factory)
    try:
        await sync_to_async(role_revoke)(user=member, role=Role.MEMBER, target=session)
        message = await communicator.receive_output(timeout=5)
        assert message["type"] == "websocket.close"
        assert message["code"] == 4403
        await communicator.send_json_to(
            {"type": "statement.post", "text": "Still here?", "client_id": str(uuid.uuid4())}
        )
        assert await communicator.receive_nothing(timeout=0.5)
        assert not await Statement.objects.filter(session=session).aexists()
    finally:
        await communicator.disconnect()


async def test_revoked_member_no_longer_gets_the_rooms_statements(make_user, live_session_factory):
    from accounts.services import role_revoke

    communicator, member, session = await _connected_member(make_user, live_session_factory)
    other = await sync_to_async(make_user)(role=Role.MEMBER, target=session)
    cookie = (b"cookie", await _cookie_for(other))
    second, ok, _ = await _connect(session.websocket_path, ORIGIN, cookie)
    try:
        assert ok
        await second.receive_json_from()
        await sync_to_async(role_revoke)(user=member, role=Role.MEMBER, target=session)
        assert (await communicator.receive_output(timeout=5))["code"] == 4403
        await second.send_json_to(
            {"type": "statement.post", "text": "After they left", "client_id": str(uuid.uuid4())}
        )
        assert (await second.receive_json_from())["type"] == "statement.ack"
        assert await communicator.receive_nothing(timeout=0.5)
    finally:
        await communicator.disconnect()
        await second.disconnect()


async def test_a_new_role_keeps_the_socket_open_and_posting(make_user, live_session_factory):
    from accounts.services import role_grant

    communicator, member, session = await _connected_member(make_user, live_session_factory)
    try:
        await sync_to_async(role_grant)(user=member, role=Role.FACILITATOR, target=session)
        # Whether roles.changed comes before or after this frame, the socket stays open;
        # the new role brings a fresh snapshot (now with the facilitators' stream).
        await communicator.send_json_to(
            {"type": "statement.post", "text": "Still a member", "client_id": str(uuid.uuid4())}
        )
        seen = set()
        while "statement.ack" not in seen:
            seen.add((await communicator.receive_json_from(timeout=5))["type"])
        assert seen <= {"statement.ack", "statement.new", "session.state", "presence"}
        # A late roles.changed (over Redis it may come after the ack) brings its snapshot
        # before the pong; the socket answers either way.
        await communicator.send_json_to({"type": "ping"})
        while (reply := await communicator.receive_json_from(timeout=5))["type"] != "pong":
            assert reply["type"] in {"session.state", "presence", "statement.new"}
    finally:
        await communicator.disconnect()


async def test_held_role_that_no_longer_allows_posting_is_refused(
    make_user, live_session_factory, monkeypatch
):
    """A downgrade: still in the room, but the held role no longer lets them post."""
    from accounts.services import role_grant
    from deliberation import live_db
    from deliberation.access import Access
    from deliberation.models import Statement

    reloaded = asyncio.Event()

    async def join_only(session, user, token=None):
        reloaded.set()
        return Access(may_join=True, may_post=False, user=user)

    communicator, member, session = await _connected_member(make_user, live_session_factory)
    try:
        monkeypatch.setattr(live_db, "access_reload", join_only)
        await sync_to_async(role_grant)(user=member, role=Role.RESIDENT)
        # Through Redis the group message may come after a frame sent now.
        await asyncio.wait_for(reloaded.wait(), timeout=5)
        await communicator.send_json_to(
            {"type": "statement.post", "text": "Listening only", "client_id": str(uuid.uuid4())}
        )
        reply = await communicator.receive_json_from(timeout=5)
        assert reply["type"] == "error"
        assert reply["code"] == "forbidden"
        assert await _still_open(communicator)
        assert not await Statement.objects.filter(session=session).aexists()
    finally:
        await communicator.disconnect()


async def test_controls_nul_and_bidi_overrides_are_stripped_from_live_statements(
    make_user, live_session_factory
):
    communicator, _, _ = await _connected_member(make_user, live_session_factory)
    try:
        await communicator.send_json_to(
            {
                "type": "statement.post",
                "text": "Fund\x00 day\u202e centres\u2066\x07\r\nnow \ud800",
                "client_id": str(uuid.uuid4()),
            }
        )
        ack = await communicator.receive_json_from()
        assert ack["type"] == "statement.ack"
        assert ack["statement"]["text"] == "Fund day centres\nnow"
    finally:
        await communicator.disconnect()


async def _connect_from(path, address, *headers):
    communicator = WebsocketCommunicator(application, path, headers=list(headers))
    # Set before the first await, so the application starts with it (daphne fills it in
    # from the peer, or from X-Forwarded-For with --proxy-headers).
    communicator.scope["client"] = (address, 50000)
    connected, code = await communicator.connect()
    return communicator, connected, code


def _statement(text):
    return {"type": "statement.post", "text": text, "client_id": str(uuid.uuid4())}


async def _reply(communicator) -> dict:
    """The next message that answers this socket, past the room's (and its own) broadcasts."""
    while (message := await communicator.receive_json_from())["type"] == "statement.new":
        pass
    return message


async def test_statements_over_the_limit_get_rate_limited_but_not_a_neighbour_on_the_same_wifi(
    make_user, live_session_factory, frozen_clock
):
    from deliberation.models import Statement

    member, session = await _member_and_session(make_user, live_session_factory)
    neighbour = await sync_to_async(make_user)(role=Role.MEMBER, target=session)
    first, ok1, _ = await _connect_from(
        session.websocket_path, "203.0.113.7", ORIGIN, (b"cookie", await _cookie_for(member))
    )
    second, ok2, _ = await _connect_from(
        session.websocket_path, "203.0.113.7", ORIGIN, (b"cookie", await _cookie_for(neighbour))
    )
    try:
        assert ok1 and ok2
        await first.receive_json_from()
        await second.receive_json_from()
        for n in range(5):
            await first.send_json_to(_statement(f"Point {n}"))
            assert (await _reply(first))["type"] == "statement.ack"
        message = _statement("One too many")
        await first.send_json_to(message)
        reply = await _reply(first)
        assert reply["type"] == "error"
        assert reply["code"] == "rate_limited"
        assert reply["client_id"] == message["client_id"]
        assert reply["retry_after"] == 8
        assert "Wait 8 seconds" in reply["message"]
        await first.send_json_to({"type": "ping"})
        assert await _reply(first) == {"type": "pong"}
        await second.send_json_to(_statement("My first point"))
        assert (await _reply(second))["type"] == "statement.ack"
        assert await Statement.objects.filter(session=session).acount() == 6
    finally:
        await first.disconnect()
        await second.disconnect()


async def test_resending_a_saved_statement_costs_nothing_against_the_limit(
    make_user, live_session_factory, frozen_clock
):
    communicator, _, _ = await _connected_member(make_user, live_session_factory)
    try:
        message = _statement("Said once")
        for _ in range(8):
            await communicator.send_json_to(message)
            assert (await _reply(communicator))["type"] == "statement.ack"
    finally:
        await communicator.disconnect()


async def test_a_flood_of_frames_gets_rate_limited_on_that_socket(make_user, live_session_factory):
    from deliberation.ratelimits import FRAMES_PER_WINDOW

    communicator, _, _ = await _connected_member(make_user, live_session_factory)
    try:
        for _ in range(FRAMES_PER_WINDOW):
            await communicator.send_json_to({"type": "ping"})
        for _ in range(FRAMES_PER_WINDOW):
            assert await communicator.receive_json_from() == {"type": "pong"}
        await communicator.send_json_to({"type": "ping"})
        reply = await communicator.receive_json_from()
        assert reply["code"] == "rate_limited"
        assert reply["retry_after"] >= 1
    finally:
        await communicator.disconnect()


async def test_reconnecting_in_a_loop_gets_close_code_4429(
    make_user, live_session_factory, frozen_clock, monkeypatch
):
    from deliberation import ratelimits

    monkeypatch.setattr(ratelimits, "CONNECT_LIMITS", "2/m/key")
    member, session = await _member_and_session(make_user, live_session_factory)
    cookie = (b"cookie", await _cookie_for(member))
    for _ in range(2):
        communicator, ok, _ = await _connect(session.websocket_path, ORIGIN, cookie)
        assert (await communicator.receive_json_from())["type"] == "session.state"
        await communicator.disconnect()
    communicator, ok, _ = await _connect(session.websocket_path, ORIGIN, cookie)
    try:
        assert ok
        assert await _close_code(communicator) == 4429
    finally:
        await communicator.disconnect()
