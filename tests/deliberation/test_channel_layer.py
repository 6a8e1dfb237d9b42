"""Two processes' worth of channel layers talking through Redis."""

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
