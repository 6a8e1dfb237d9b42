"""Two daphne processes sharing Redis: a facilitator on one, a participant on the other.

Runs where ``REDIS_URL`` reaches a Redis (the PostgreSQL and Redis pass); skipped
with the reason elsewhere. The in-memory layer reaches one process only, so this is
the test that the channel layer, not the process, carries a session's events.
"""

import asyncio
import json
import uuid

import pytest
from django.conf import settings

from accounts.models import Role
from deliberation.services import live_session_create
from tests.browser.live_room import session_cookie
from tests.browser.live_server import redis_unreachable

pytestmark = pytest.mark.django_db(transaction=True)

WAIT_S = 20


@pytest.fixture(autouse=True)
def _needs_redis():
    if reason := redis_unreachable():
        pytest.skip(reason)


async def _connect(server, session_id: int, cookie: str):
    import websockets

    socket = await websockets.connect(
        f"ws://127.0.0.1:{server.port}/ws/sessions/{session_id}/",
        origin=server.url,
        additional_headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}"},
        open_timeout=WAIT_S,
    )
    state = json.loads(await asyncio.wait_for(socket.recv(), WAIT_S))
    assert state["type"] == "session.state", state
    return socket, state


async def _next_of_type(socket, wanted: str) -> dict:
    async def read():
        while True:
            message = json.loads(await socket.recv())
            if message["type"] == wanted:
                return message

    return await asyncio.wait_for(read(), WAIT_S)


def test_participant_on_another_server_receives_the_facilitators_start(
    home_page, make_user, daphne_servers
):
    session = live_session_create(title="Two rooms", agenda=[{"title": "Welcome"}])
    facilitator = make_user(role=Role.FACILITATOR, target=session)
    member = make_user(role=Role.MEMBER, target=session)
    cookies = session_cookie(facilitator), session_cookie(member)
    first, second = daphne_servers(2)

    async def run():
        participant, state = await _connect(second, session.pk, cookies[1])
        console, _ = await _connect(first, session.pk, cookies[0])
        try:
            action_id = str(uuid.uuid4())
            await console.send(json.dumps({"type": "session.start", "action_id": action_id}))
            ack = await _next_of_type(console, "ack")
            pushed = await _next_of_type(participant, "session.changed")
        finally:
            await participant.close()
            await console.close()
        return state, ack, pushed, action_id

    state, ack, pushed, action_id = asyncio.run(run())
    assert ack == {"type": "ack", "action_id": action_id, "duplicate": False}
    assert pushed["stream"] == "everyone"
    assert pushed["seq"] == state["seq"]["everyone"] + 1
    assert pushed["session"]["status"] == "live"
    assert pushed["session"]["current_item"]["title"] == "Welcome"
