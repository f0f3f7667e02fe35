"""A channel layer that tells consumers when Redis is gone instead of crashing them.

channels_redis raises from `receive()` when Redis cannot be reached, and that exception
tears the consumer down without a word to the client. Here `receive()` answers with a
`{"type": "channel_layer.unavailable"}` message instead, which `LayerUnavailableMixin` turns
into an error frame and close code 4503 on the open socket. Clients reconnect later.

An idle socket is not an outage. channels_redis receives with a blocking `BZPOPMIN` that
Redis answers empty after `brpop_timeout` seconds, and redis-py (8.1 here) gives every read a
5 s `socket_timeout` by default: with channels_redis's own 5 s wait the client gave up first,
so an idle socket was closed with 4503 every ~5 s (and a message Redis popped in that instant
could be lost with the dropped connection). Here the blocking read waits
`BLOCKING_READ_SECONDS` and every connection reads with `READ_MARGIN_SECONDS` more than
that, so a read timeout means Redis stopped answering, never that nothing was said.
"""

import asyncio
import logging

from channels_redis.core import RedisChannelLayer
from django.core.exceptions import ImproperlyConfigured
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# The layer's server cannot be reached.
LAYER_UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
CLOSE_UNAVAILABLE = 4503
UNAVAILABLE_MESSAGE = {"type": "channel_layer.unavailable"}
ERROR_FRAME = {"type": "error", "code": "live_updates_unavailable"}

# How long Redis holds a receive() open before answering "nothing yet" (then it is asked again).
BLOCKING_READ_SECONDS = 2
# How much longer than that the client waits for any answer before calling Redis unresponsive.
READ_MARGIN_SECONDS = 3


class ResilientRedisChannelLayer(RedisChannelLayer):
    brpop_timeout = BLOCKING_READ_SECONDS
    # A consumer keeps calling receive(); while Redis is down, answer at this pace.
    unavailable_pause_seconds = 1.0

    def __init__(self, hosts=None, **kwargs) -> None:
        super().__init__(hosts=hosts, **kwargs)
        self.hosts = [self._reading_past_blocking_reads(host) for host in self.hosts]

    def _reading_past_blocking_reads(self, host: dict) -> dict:
        """The host's connection options with a read timeout longer than the blocking read
        (set when not given; a shorter one given is refused: it would close idle sockets)."""
        host = dict(host)
        read_timeout = host.setdefault("socket_timeout", self.brpop_timeout + READ_MARGIN_SECONDS)
        if read_timeout is not None and read_timeout <= self.brpop_timeout:
            raise ImproperlyConfigured(
                f"The channel layer's socket_timeout ({read_timeout} s) must be longer than its "
                f"blocking read ({self.brpop_timeout} s), or every idle socket is closed."
            )
        return host

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


class ForwardedEventsMixin:
    """For consumers: channel-layer events in `forwarded_events` go straight to their handler.

    Channels runs `close_old_connections` in the sync thread before every handler: one hop to
    the process's single sync thread per socket per event, so a message to a 200-member group
    queued 200 hops on that thread (about 40% of the fan-out's server CPU, bench/chat_fanout.py). The handlers named
    here only pass the event on to the socket; any database work a consumer does goes through
    `database_sync_to_async`, which closes stale connections itself."""

    forwarded_events: frozenset[str] = frozenset({"channel_layer.unavailable"})

    async def dispatch(self, message: dict) -> None:
        if message.get("type") in self.forwarded_events:
            await getattr(self, message["type"].replace(".", "_"))(message)
            return
        await super().dispatch(message)
