"""The mentor's API: conversations, whole answers, streamed answers, permissions."""

import asyncio
import contextlib
import json

import pytest
from asgiref.sync import async_to_sync
from rest_framework_simplejwt.tokens import RefreshToken

from lms.accounts.tests.factories import StudentFactory
from lms.mentor.models import Message
from lms.mentor.services import mentor_settings_update
from lms.mentor.tests.factories import ConversationFactory, course_with_texts, enrolled

OPEN = "<p>A for loop repeats a block for each item of a list.</p>"
LOCKED = "<p>Recursion: a function that calls itself, like the quokka pattern.</p>"


@pytest.fixture
def client_of(api_client):
    def sign_in(user):
        token = RefreshToken.for_user(user).access_token
        api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        return api_client

    return sign_in


@pytest.fixture
def studying(student):
    course, lessons = course_with_texts(OPEN, LOCKED)
    enrolled(student, course)
    return course, lessons


def _create(client) -> int:
    response = client.post("/api/v1/mentor/conversations/", {}, format="json")
    assert response.status_code == 201
    return response.json()["id"]


def test_ask_without_a_provider(client_of, student, studying):
    client = client_of(student)
    conversation_id = _create(client)
    response = client.post(
        f"/api/v1/mentor/conversations/{conversation_id}/messages/",
        {"text": "How does a for loop work?"},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["provider"] is None
    assert "AI answers are not configured" in body["answer"]
    course, (first, _second) = studying
    assert body["sources"] == [
        {
            "course": course.title,
            "lesson": first.title,
            "url": f"/app/courses/{course.slug}/lessons/{first.pk}/",
        }
    ]


def test_ask_with_a_provider(client_of, student, studying, fake_provider):
    client = client_of(student)
    conversation_id = _create(client)
    body = client.post(
        f"/api/v1/mentor/conversations/{conversation_id}/messages/",
        {"text": "for loop?"},
        format="json",
    ).json()
    assert (body["answer"], body["provider"], body["error"]) == (
        "Loops repeat a block of code.",
        "Fake AI",
        None,
    )


def test_provider_timeout_is_a_clear_answer_not_a_hang(client_of, student, studying, fake_provider):
    fake_provider.mode = "slow"
    client = client_of(student)
    conversation_id = _create(client)
    body = client.post(
        f"/api/v1/mentor/conversations/{conversation_id}/messages/",
        {"text": "for loop?"},
        format="json",
    ).json()
    assert body["error"] == "timeout"
    assert "took too long" in body["answer"]


def test_daily_limit_is_a_429(client_of, student, studying):
    mentor_settings_update(daily_messages_per_person=1)
    client = client_of(student)
    conversation_id = _create(client)
    url = f"/api/v1/mentor/conversations/{conversation_id}/messages/"
    assert client.post(url, {"text": "loop"}, format="json").status_code == 200
    response = client.post(url, {"text": "loop"}, format="json")
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "mentor_daily_limit"


def _stream(response) -> list[dict]:
    async def collect():
        return [chunk async for chunk in response.streaming_content]

    raw = b"".join(async_to_sync(collect)()).decode()
    return [json.loads(line[5:]) for line in raw.splitlines() if line.startswith("data:")]


def test_stream_sends_sources_then_tokens_then_done(client_of, student, studying, fake_provider):
    client = client_of(student)
    conversation_id = _create(client)
    response = client.post(
        f"/api/v1/mentor/conversations/{conversation_id}/messages/stream/",
        {"text": "for loop?"},
        format="json",
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/event-stream"
    events = _stream(response)
    assert events[0]["type"] == "sources"
    assert events[0]["provider"] == "Fake AI"
    assert [e["text"] for e in events if e["type"] == "token"] == ["Loops ", "repeat ", "code."]
    assert events[-1]["type"] == "done"
    answer = Message.objects.get(pk=events[-1]["message_id"])
    assert (answer.text, answer.tokens) == ("Loops repeat code.", 42)
    assert "quokka" not in fake_provider.bodies_text()


def test_stream_without_a_provider(client_of, student, studying):
    client = client_of(student)
    conversation_id = _create(client)
    events = _stream(
        client.post(
            f"/api/v1/mentor/conversations/{conversation_id}/messages/stream/",
            {"text": "for loop?"},
            format="json",
        )
    )
    assert events[0]["provider"] is None
    assert "AI answers are not configured" in events[1]["text"]


def test_stream_provider_error_is_an_error_event(client_of, student, studying, fake_provider):
    fake_provider.mode, fake_provider.status = "status", 429
    client = client_of(student)
    conversation_id = _create(client)
    events = _stream(
        client.post(
            f"/api/v1/mentor/conversations/{conversation_id}/messages/stream/",
            {"text": "for loop?"},
            format="json",
        )
    )
    error = next(e for e in events if e["type"] == "error")
    assert error["code"] == "provider_busy"
    assert Message.objects.get(pk=events[-1]["message_id"]).error == "provider_busy"


def test_stopping_a_stream_keeps_what_was_said(client_of, student, studying, fake_provider):
    fake_provider.delay = 0.3  # between chunks
    client = client_of(student)
    conversation_id = _create(client)
    response = client.post(
        f"/api/v1/mentor/conversations/{conversation_id}/messages/stream/",
        {"text": "for loop?"},
        format="json",
    )

    async def read_then_disconnect():
        # Daphne cancels the response's task when the reader goes away (the stop button).
        chunks = []

        async def consume():
            async for chunk in response.streaming_content:
                chunks.append(chunk)

        task = asyncio.ensure_future(consume())
        while len(chunks) < 2:  # the sources, then the first token
            await asyncio.sleep(0.01)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    async_to_sync(read_then_disconnect)()
    answer = Message.objects.get(role="assistant")
    assert (answer.error, answer.text) == ("stopped", "Loops ")


def test_list_detail_and_delete_own_conversations(client_of, student, studying):
    client = client_of(student)
    conversation_id = _create(client)
    client.post(
        f"/api/v1/mentor/conversations/{conversation_id}/messages/", {"text": "loop"}, format="json"
    )
    listed = client.get("/api/v1/mentor/conversations/").json()["results"]
    assert [c["id"] for c in listed] == [conversation_id]
    detail = client.get(f"/api/v1/mentor/conversations/{conversation_id}/").json()
    assert [m["role"] for m in detail["messages"]] == ["user", "assistant"]
    assert client.delete(f"/api/v1/mentor/conversations/{conversation_id}/").status_code == 204
    assert client.get("/api/v1/mentor/conversations/").json()["results"] == []


def test_another_students_conversation_is_404(client_of, student):
    theirs = ConversationFactory(user=StudentFactory())
    client = client_of(student)
    base = f"/api/v1/mentor/conversations/{theirs.pk}/"
    assert client.get(base).status_code == 404
    assert client.delete(base).status_code == 404
    assert client.post(f"{base}messages/", {"text": "hi"}, format="json").status_code == 404
    assert client.post(f"{base}messages/stream/", {"text": "hi"}, format="json").status_code == 404
    assert type(theirs).objects.filter(pk=theirs.pk).exists()


def test_signed_out_is_401(api_client):
    assert api_client.get("/api/v1/mentor/conversations/").status_code == 401


@pytest.mark.parametrize("size", [2, 6])
def test_list_queries_do_not_grow(client_of, student, size, django_assert_max_num_queries):
    ConversationFactory.create_batch(size, user=student)
    client = client_of(student)
    with django_assert_max_num_queries(6):
        assert len(client.get("/api/v1/mentor/conversations/").json()["results"]) == size
