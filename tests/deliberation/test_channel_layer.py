"""Two processes' worth of channel layers talking through Redis."""

import asyncio
import os

import pytest
from channels_redis.core import RedisChannelLayer
from django.conf import settings

pytestmark = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (the PostgreSQL + Redis pass)"
)


async def test_group_message_crosses_between_two_redis_layer_instances():
    config = settings.CHANNEL_LAYERS["default"]["CONFIG"]
    sender = RedisChannelLayer(**config)
    receiver = RedisChannelLayer(**config)
    try:
        channel = await receiver.new_channel()
        await receiver.group_add("live-session-test", channel)
        await sender.group_send("live-session-test", {"type": "statement.new", "text": "hi"})
        message = await receiver.receive(channel)
        assert message == {"type": "statement.new", "text": "hi"}
    finally:
        await receiver.flush()
        await sender.close_pools()
        await receiver.close_pools()


async def test_a_channel_idle_longer_than_the_layers_wait_still_gets_its_next_message():
    # channels-redis waits 5 s per BZPOPMIN; with redis-py's default 5 s socket timeout
    # that wait failed in the client, and every socket quiet for 5 s closed with 1011.
    config = settings.CHANNEL_LAYERS["default"]["CONFIG"]
    sender = RedisChannelLayer(**config)
    receiver = RedisChannelLayer(**config)
    try:
        channel = await receiver.new_channel()
        waiting = asyncio.ensure_future(receiver.receive(channel))
        await asyncio.sleep(6.5)
        assert not waiting.done()
        await sender.send(channel, {"type": "activity.changed"})
        assert await asyncio.wait_for(waiting, 5) == {"type": "activity.changed"}
    finally:
        await receiver.flush()
        await sender.close_pools()
        await receiver.close_pools()


async def test_a_room_joining_at_once_is_not_refused_by_the_redis_pool():
    # redis-py 8's pool raised "Too many connections" past 100 calls at once.
    config = settings.CHANNEL_LAYERS["default"]["CONFIG"]
    layer = RedisChannelLayer(**config)
    try:
        channels = [f"{await layer.new_channel()}" for _ in range(300)]
        await asyncio.gather(*(layer.group_add("live-session-room", c) for c in channels))
        await layer.group_send("live-session-room", {"type": "live.event", "text": "{}"})
        assert await asyncio.wait_for(layer.receive(channels[-1]), 5) == {
            "type": "live.event",
            "text": "{}",
        }
    finally:
        await layer.flush()
        await layer.close_pools()
