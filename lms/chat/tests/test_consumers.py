"""/ws/chat/<id>/ with Channels' communicator, on the in-memory layer and on a real Redis
layer: messages stored then pushed to every member's socket, typing and receipts, and the
refusals (not a member → 4403, nothing sent; a removed member's open socket closed at once)."""

import shutil

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from rest_framework_simplejwt.tokens import RefreshToken

from config.tests.servers import RedisServer
from lms.accounts.tests.factories import StudentFactory
from lms.chat import services
from lms.chat.models import Message
from lms.chat.tests.factories import direct_chat, group_chat

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
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [redis.url]},
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
