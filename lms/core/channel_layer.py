"""A channel layer that tells consumers when Redis is gone instead of crashing them.

channels_redis raises from `receive()` when Redis cannot be reached, and that exception
tears the consumer down without a word to the client. Here `receive()` answers with a
`{"type": "channel_layer.unavailable"}` message instead, which `LayerUnavailableMixin` turns
into an error frame and close code 4503 on the open socket. Clients reconnect later.
"""

import asyncio
import logging

from channels_redis.core import RedisChannelLayer
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# The layer's server cannot be reached.
LAYER_UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
CLOSE_UNAVAILABLE = 4503
UNAVAILABLE_MESSAGE = {"type": "channel_layer.unavailable"}
ERROR_FRAME = {"type": "error", "code": "live_updates_unavailable"}


class ResilientRedisChannelLayer(RedisChannelLayer):
    # A consumer keeps calling receive(); while Redis is down, answer at this pace.
    unavailable_pause_seconds = 1.0

    async def receive(self, channel):
        try:
            return await super().receive(channel)
        except LAYER_UNREACHABLE as error:
            logger.warning("Channel layer unavailable: %s: %s", type(error).__name__, error)
            await asyncio.sleep(self.unavailable_pause_seconds)
            return dict(UNAVAILABLE_MESSAGE)


class LayerUnavailableMixin:
    """For AsyncJsonWebsocketConsumer subclasses: report a lost channel layer and close."""

    async def refuse_unavailable(self, reason: str) -> None:
        """From connect(): accept, send the error frame, close with 4503."""
        logger.warning("Socket refused, channel layer unavailable: %s", reason)
        await self.accept()
        await self.channel_layer_unavailable({})

    async def channel_layer_unavailable(self, event: dict) -> None:
        if getattr(self, "_told_unavailable", False):
            return
        self._told_unavailable = True
        await self.send_json(ERROR_FRAME)
        await self.close(code=CLOSE_UNAVAILABLE)
