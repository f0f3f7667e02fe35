"""Two daphne processes (the production settings) on one Redis: a message sent through one
reaches a member connected to the other, through the Redis channel layer."""

import asyncio
import json
import secrets
import shutil

import aiohttp
import pytest
from asgiref.sync import async_to_sync
from django.db import connection
from rest_framework_simplejwt.backends import TokenBackend
from rest_framework_simplejwt.tokens import AccessToken

from config.tests.servers import Daphne, RedisServer
from lms.chat.models import Message
from lms.chat.tests.factories import direct_chat

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="daphne needs a shared database"),
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server"),
    pytest.mark.django_db(transaction=True),
]


def token_for(user, secret_key: str) -> str:
    """An access token as the servers (signing with `secret_key`) issue it."""
    payload = dict(AccessToken.for_user(user).payload)
    return TokenBackend("HS256", signing_key=secret_key).encode(payload)


async def _socket(session, port: int, conversation_id: int, token: str):
    socket = await session.ws_connect(
        f"ws://127.0.0.1:{port}/ws/chat/{conversation_id}/?token={token}",
        origin=f"http://127.0.0.1:{port}",
    )
    hello = json.loads((await socket.receive(timeout=10)).data)
    assert hello["type"] == "hello", hello
    return socket


async def _next(socket, kind: str) -> dict:
    while True:
        message = await socket.receive(timeout=10)
        frame = json.loads(message.data)
        if frame["type"] == kind:
            return frame


def test_a_message_through_one_process_reaches_a_client_of_the_other(tmp_path):
    conversation, student, instructor = direct_chat()
    redis = RedisServer(tmp_path)
    secret_key = secrets.token_urlsafe(50)
    servers = []
    try:
        for name in ("one", "two"):
            folder = tmp_path / name
            folder.mkdir()
            servers.append(Daphne(folder, REDIS_URL=redis.url, SECRET_KEY=secret_key))

        async def scenario():
            async with aiohttp.ClientSession() as session:
                sender = await _socket(
                    session, servers[0].port, conversation.pk, token_for(student, secret_key)
                )
                receiver = await _socket(
                    session, servers[1].port, conversation.pk, token_for(instructor, secret_key)
                )
                await sender.send_str(json.dumps({"type": "message", "body": "across"}))
                frame = await _next(receiver, "message")
                await asyncio.gather(sender.close(), receiver.close())
                return frame

        frame = async_to_sync(scenario)()
    finally:
        for server in servers:
            server.stop()
        redis.stop()
    assert frame["message"]["body"] == "across"
    assert frame["message"]["id"] == Message.objects.get().pk
