"""The notification socket when the channel layer's Redis is gone (#7): a new socket is
accepted, told `live_updates_unavailable` and closed with 4503; an open socket is told the
same when Redis stops under it."""

import asyncio
import shutil

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from rest_framework_simplejwt.tokens import RefreshToken

from config.tests.servers import RedisServer, free_port
from lms.accounts.tests.factories import StudentFactory
from lms.core.channel_layer import CLOSE_UNAVAILABLE, ERROR_FRAME

pytestmark = [
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server"),
    pytest.mark.django_db(transaction=True),
]


def _use_redis_layer(settings, url: str) -> None:
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "lms.core.channel_layer.ResilientRedisChannelLayer",
            "CONFIG": {"hosts": [{"address": url, "socket_connect_timeout": 0.5}]},
        }
    }


def _socket(user) -> WebsocketCommunicator:
    from config.asgi import application

    token = str(RefreshToken.for_user(user).access_token)
    return WebsocketCommunicator(
        application,
        f"/ws/notifications/?token={token}",
        headers=[(b"origin", b"http://testserver")],
    )


async def _frames_until_closed(communicator, timeout: float = 10) -> tuple[list, int]:
    frames = []
    while True:
        output = await communicator.receive_output(timeout=timeout)
        if output["type"] == "websocket.close":
            return frames, output.get("code")
        if output["type"] == "websocket.send":
            frames.append(output["text"])


def test_a_new_socket_is_told_live_updates_are_unavailable(settings):
    _use_redis_layer(settings, f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    communicator = _socket(StudentFactory())  # the token is written here, not in the loop

    async def scenario():
        connected, _ = await communicator.connect(timeout=10)
        frames, code = await _frames_until_closed(communicator)
        await communicator.disconnect(code=code)
        return connected, frames, code

    connected, frames, code = async_to_sync(scenario)()
    assert connected
    assert frames == ['{"type": "error", "code": "live_updates_unavailable"}']
    assert code == CLOSE_UNAVAILABLE


def test_an_open_socket_is_told_when_redis_goes_away(settings, tmp_path):
    redis = RedisServer(tmp_path)
    _use_redis_layer(settings, redis.url)
    communicator = _socket(StudentFactory())  # the token is written here, not in the loop

    async def scenario():
        connected, _ = await communicator.connect(timeout=10)
        hello = await communicator.receive_json_from(timeout=5)
        await asyncio.get_running_loop().run_in_executor(None, redis.stop)
        frames, code = await _frames_until_closed(communicator)
        await communicator.disconnect(code=code)
        return connected, hello, frames, code

    try:
        connected, hello, frames, code = async_to_sync(scenario)()
    finally:
        redis.stop()
    assert connected and hello["type"] == "hello"
    assert [f for f in frames if "error" in f] == [
        '{"type": "error", "code": "live_updates_unavailable"}'
    ]
    assert code == CLOSE_UNAVAILABLE
    assert ERROR_FRAME == {"type": "error", "code": "live_updates_unavailable"}
