"""The Redis channel layer survives an idle wait (several ASGI workers, REDIS_URL).

channels_redis waits for a message with BZPOPMIN for 5 s; redis-py 8 reads with a 5 s socket timeout by
default, so an idle receive() raised TimeoutError and killed the consumer (a live presenter screen dropped
after 5 s without news). Needs Redis: skipped without REDIS_URL (CI runs it in its PostgreSQL + Redis step).
"""

import asyncio
import time

import pytest
from channels.layers import get_channel_layer
from django.conf import settings


def test_an_idle_receive_outlives_the_layers_blocking_wait():
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL non défini : couche de canaux en mémoire.")
    layer = get_channel_layer()

    async def idle_receive() -> float:
        channel = await layer.new_channel()
        started = time.monotonic()
        with pytest.raises(TimeoutError):  # ours, after 7 s: the layer itself never gave up
            await asyncio.wait_for(layer.receive(channel), 7)
        await layer.send(channel, {"type": "still.alive"})
        assert (await layer.receive(channel))["type"] == "still.alive"
        return time.monotonic() - started

    assert asyncio.run(idle_receive()) >= 7
