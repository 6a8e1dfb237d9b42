"""Random JSON at the live socket: a clear error or a valid message, never a crash.

Hypothesis throws any JSON at the message validation directly (many cases, no
database); a seeded batch of malformed messages of every real type then goes through
the real consumer, which must answer each, keep the socket open and save nothing.
"""

import json
import random

import pytest
from asgiref.sync import sync_to_async
from hypothesis import given, settings
from hypothesis import strategies as st

from accounts.models import Role
from deliberation.messages import REGISTERED, TYPES, BadMessage, message_parse
from deliberation.models import Statement
from deliberation.services import live_session_create
from tests.deliberation.sockets import joined

ALL_TYPES = sorted(TYPES | set(REGISTERED))
# Types whose fields are all optional: any extra garbage still makes them valid.
ALWAYS_VALID = {"ping", "sync"}
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30)
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=12,
)
MESSAGES = st.one_of(
    JSON,
    st.dictionaries(st.text(max_size=15), JSON, max_size=5),
    st.fixed_dictionaries(
        {"type": st.sampled_from(ALL_TYPES)},
        optional=dict.fromkeys(
            ("action_id", "activity_id", "statement_id", "since", "after", "text"), JSON
        ),
    ),
)


@settings(max_examples=400, deadline=None)
@given(content=MESSAGES)
def test_any_json_is_parsed_or_refused_with_a_protocol_code(content):
    try:
        message_parse(content)
    except BadMessage as exc:
        assert exc.code in {"bad_message", "unknown_type"} and str(exc)


def _garbage(rng: random.Random, depth: int = 0):
    """A JSON value that is never a UUID, a positive id or a known word."""
    kinds = ["int", "float", "none", "bool", "text"] + (["list", "dict"] if depth < 2 else [])
    kind = rng.choice(kinds)
    if kind == "int":
        return rng.choice([-1, -(2**70)])  # never a valid id or position
    if kind == "float":
        return rng.choice([0.5, -1e300, 1e308])
    if kind == "none":
        return None
    if kind == "bool":
        return rng.random() < 0.5
    if kind == "text":
        return "".join(rng.choice("x\u202e\x00é🙂 <>'\"") for _ in range(rng.randint(0, 12)))
    if kind == "list":
        return [_garbage(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    return {f"k{i}": _garbage(rng, depth + 1) for i in range(rng.randint(0, 3))}


def _malformed(seed: int, count: int) -> list:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        fields = ("action_id", "activity_id", "statement_id", "text", "client_id", "since")
        message = {key: _garbage(rng) for key in rng.sample(fields, rng.randint(0, 4))}
        kind = rng.choice([t for t in ALL_TYPES if t not in ALWAYS_VALID])
        out.append({"type": kind, **message})
    return out


@sync_to_async
def _saved():
    from deliberation.activities.models import Activity

    return Statement.objects.count(), Activity.objects.count()


@pytest.mark.django_db(transaction=True)
async def test_the_consumer_answers_malformed_messages_and_keeps_the_socket(make_user):
    session = await sync_to_async(live_session_create)(
        title="Room", agenda=[{"title": "Ideas"}], open_now=True
    )
    facilitator = await sync_to_async(make_user)(role=Role.FACILITATOR, target=session)
    batch = _malformed(seed=17, count=24)  # under the 30 frames in 10 s a socket may send
    before = await _saved()
    socket, _ = await joined(session, facilitator)
    try:
        for message in batch:
            await socket.send_to(text_data=json.dumps(message))
        await socket.send_json_to({"type": "ping"})
        errors = 0
        while (reply := await socket.receive_json_from(timeout=10))["type"] != "pong":
            errors += reply["type"] == "error"
        assert errors == len(batch), "each malformed message gets its own error"
    finally:
        await socket.disconnect()
    assert await _saved() == before
