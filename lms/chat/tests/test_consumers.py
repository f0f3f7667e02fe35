"""/ws/chat/<id>/ with Channels' communicator, on the in-memory layer and on a real Redis
layer (the production one, lms.core.channel_layer): messages stored then pushed to every
member's socket, typing and receipts, the refusals (not a member → 4403, nothing sent; a
removed member's open socket closed at once), and an idle socket that stays open."""

import logging
import shutil

import pytest
from asgiref.sync import SyncToAsync, async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from rest_framework_simplejwt.tokens import RefreshToken

from config.tests.servers import RedisServer
from lms.accounts.tests.factories import StudentFactory
from lms.chat import realtime, services
from lms.chat.models import Message
from lms.chat.tests.factories import direct_chat, group_chat
from lms.core.channel_layer import BLOCKING_READ_SECONDS, READ_MARGIN_SECONDS

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(params=["memory", "redis"])
def layer(request, settings, tmp_path):
    if request.param == "memory":
        settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
        yield "memory"
        return
    if not shutil.which("redis-server"):
        pytest.skip("needs redis-server")
    redis = RedisServer(tmp_path)
    # As config/settings/base.py configures it in production.
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "lms.core.channel_layer.ResilientRedisChannelLayer",
            "CONFIG": {"hosts": [{"address": redis.url, "socket_connect_timeout": 0.5}]},
        }
    }
    try:
        yield "redis"
    finally:
        redis.stop()


def _socket(user, conversation_id: int) -> WebsocketCommunicator:
    from config.asgi import application

    token = str(RefreshToken.for_user(user).access_token)
    return WebsocketCommunicator(
        application,
        f"/ws/chat/{conversation_id}/?token={token}",
        headers=[(b"origin", b"http://testserver")],
    )


async def _open(communicator) -> dict:
    connected, _ = await communicator.connect(timeout=10)
    assert connected
    return await communicator.receive_json_from(timeout=5)


async def _next(communicator, kind: str) -> dict:
    while True:
        frame = await communicator.receive_json_from(timeout=5)
        if frame["type"] == kind:
            return frame


def test_a_message_is_stored_then_reaches_every_member(layer):
    conversation, student, instructor = direct_chat()
    student_socket = _socket(student, conversation.pk)
    instructor_socket = _socket(instructor, conversation.pk)

    async def scenario():
        hello = await _open(student_socket)
        await _open(instructor_socket)
        await student_socket.send_json_to({"type": "typing"})
        typing = await _next(instructor_socket, "typing")
        await student_socket.send_json_to({"type": "message", "body": "Hello"})
        received = await _next(instructor_socket, "message")
        echoed = await _next(student_socket, "message")
        await instructor_socket.send_json_to({"type": "read"})
        receipt = await _next(student_socket, "read")
        await student_socket.send_json_to({"type": "history"})
        history = await _next(student_socket, "history")
        await student_socket.disconnect()
        await instructor_socket.disconnect()
        return hello, typing, received, echoed, receipt, history

    hello, typing, received, echoed, receipt, history = async_to_sync(scenario)()
    stored = Message.objects.get()
    assert hello["type"] == "hello" and hello["conversation"] == conversation.pk
    assert typing["user"] == student.pk
    assert received["message"]["id"] == stored.pk == echoed["message"]["id"]
    assert received["message"]["body"] == "Hello"
    assert receipt == {"type": "read", "user": instructor.pk, "last_read_id": stored.pk}
    assert [m["id"] for m in history["messages"]] == [stored.pk]


def test_a_broadcast_reaches_every_socket_without_work_in_the_sync_thread(layer, monkeypatch):
    """The fan-out's cost per member: the event carries the whole message and each socket
    forwards it, with no query and no hop to the process's one sync thread (Channels' own
    close_old_connections hop before each handler is skipped for forwarded events)."""
    from channels.layers import get_channel_layer

    members = [StudentFactory() for _ in range(12)]
    conversation, admin_user = group_chat(members=members)
    message = services.message_send(user=admin_user, conversation=conversation, body="To all")
    event = {"type": "chat.message", "message": services.message_data(message)}
    sockets = [_socket(member, conversation.pk) for member in members]
    hops = []
    hop = SyncToAsync.__call__

    async def counted_hop(self, *args, **kwargs):
        hops.append(getattr(self.func, "__name__", repr(self.func)))
        return await hop(self, *args, **kwargs)

    async def scenario():
        for socket in sockets:
            await _open(socket)
        with monkeypatch.context() as patch:
            patch.setattr(SyncToAsync, "__call__", counted_hop)
            await get_channel_layer().group_send(
                realtime.conversation_group(conversation.pk), event
            )
            frames = [await _next(socket, "message") for socket in sockets]
        for socket in sockets:
            await socket.disconnect()
        return frames

    frames = async_to_sync(scenario)()
    assert [frame["message"] for frame in frames] == [event["message"]] * len(members)
    assert hops == []


def test_someone_elses_direct_chat_is_refused_with_4403(layer):
    conversation, _student, _instructor = direct_chat()
    outsider_socket = _socket(StudentFactory(), conversation.pk)

    async def scenario():
        connected, code = await outsider_socket.connect(timeout=10)
        return connected, code

    connected, code = async_to_sync(scenario)()
    assert not connected and code == 4403


def test_a_removed_member_is_closed_at_once_and_reads_nothing_more(layer):
    member = StudentFactory()
    conversation, admin_user = group_chat(members=[member])
    member_socket = _socket(member, conversation.pk)

    async def scenario():
        await _open(member_socket)
        await sync_to_async(services.member_remove)(
            acting_user=admin_user, conversation=conversation, user=member
        )
        closed = await member_socket.receive_output(timeout=5)
        again = _socket(member, conversation.pk)
        reconnected, code = await again.connect(timeout=10)
        return closed, reconnected, code

    closed, reconnected, code = async_to_sync(scenario)()
    assert closed == {"type": "websocket.close", "code": 4403}
    assert not reconnected and code == 4403


def test_after_a_removal_the_others_still_receive_and_the_removed_member_nothing(layer):
    stays, leaves = StudentFactory(), StudentFactory()
    conversation, admin_user = group_chat(members=[stays, leaves])
    staying_socket = _socket(stays, conversation.pk)
    leaving_socket = _socket(leaves, conversation.pk)

    async def scenario():
        await _open(staying_socket)
        await _open(leaving_socket)
        await sync_to_async(services.member_remove)(
            acting_user=admin_user, conversation=conversation, user=leaves
        )
        closed = await leaving_socket.receive_output(timeout=5)
        await sync_to_async(services.message_send)(
            user=admin_user, conversation=conversation, body="after the removal"
        )
        received = await _next(staying_socket, "message")
        nothing_more = await leaving_socket.receive_nothing(timeout=0.5)
        await staying_socket.disconnect()
        return closed, received, nothing_more

    closed, received, nothing_more = async_to_sync(scenario)()
    assert closed == {"type": "websocket.close", "code": 4403}
    assert received["message"]["body"] == "after the removal"
    assert nothing_more


def test_an_idle_socket_stays_open_past_the_blocking_read_and_still_receives(layer, caplog):
    if layer != "redis":
        pytest.skip("the blocking read is the Redis layer's")
    conversation, student, instructor = direct_chat()
    student_socket = _socket(student, conversation.pk)
    # Several blocking reads end empty, and more than the read timeout passes.
    idle_seconds = 2 * BLOCKING_READ_SECONDS + READ_MARGIN_SECONDS + 1

    async def scenario():
        await _open(student_socket)
        quiet = await student_socket.receive_nothing(timeout=idle_seconds, interval=0.2)
        await sync_to_async(services.message_send)(
            user=instructor, conversation=conversation, body="still there?"
        )
        received = await _next(student_socket, "message")
        await student_socket.disconnect()
        return quiet, received

    with caplog.at_level(logging.WARNING, logger="lms.core.channel_layer"):
        quiet, received = async_to_sync(scenario)()
    assert quiet, "the idle socket was sent something (closed as if Redis were down?)"
    assert received["message"]["body"] == "still there?"
    assert not [r for r in caplog.records if r.name == "lms.core.channel_layer"]


def test_refusals_come_back_as_error_frames(layer, settings):
    settings.LMS_CHAT_MESSAGES_PER_MINUTE = 1
    conversation, student, instructor = direct_chat()
    other = services.message_send(user=instructor, conversation=conversation, body="mine")
    socket = _socket(student, conversation.pk)

    async def scenario():
        await _open(socket)
        await socket.send_json_to({"type": "edit", "id": other.pk, "body": "not yours"})
        not_own = await _next(socket, "error")
        await socket.send_json_to({"type": "message", "body": "one"})
        await _next(socket, "message")
        await socket.send_json_to({"type": "message", "body": "two"})
        throttled = await _next(socket, "error")
        await socket.disconnect()
        return not_own, throttled

    not_own, throttled = async_to_sync(scenario)()
    assert not_own["code"] == "permission_denied"
    assert throttled["code"] == "throttled"
    other.refresh_from_db()
    assert other.body == "mine"


def test_removing_through_the_api_closes_the_member_socket_at_once(layer):
    from rest_framework.test import APIClient

    member = StudentFactory()
    conversation, admin_user = group_chat(members=[member])
    member_socket = _socket(member, conversation.pk)
    api = APIClient()
    api.force_authenticate(admin_user)
    url = f"/api/v1/conversations/{conversation.pk}/members/{member.pk}/remove"

    async def scenario():
        await _open(member_socket)
        answer = await sync_to_async(api.post)(url, {}, format="json")
        closed = await member_socket.receive_output(timeout=5)
        return answer, closed

    answer, closed = async_to_sync(scenario)()
    assert answer.status_code == 200 and answer.data == {"user_id": member.pk, "removed": True}
    assert closed == {"type": "websocket.close", "code": 4403}
