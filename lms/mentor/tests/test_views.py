"""The mentor in the student app: pages, the plain form, the stream, deleting, privacy."""

import json

import pytest
from asgiref.sync import async_to_sync

from lms.accounts.tests.factories import StudentFactory
from lms.mentor.models import Conversation, Message
from lms.mentor.services import mentor_settings_update
from lms.mentor.tests.factories import ConversationFactory, course_with_texts, enrolled

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, student):
    course, _lessons = course_with_texts("<p>A for loop repeats a block for each item.</p>")
    enrolled(student, course)
    client.force_login(student)
    return client


def test_home_says_ai_is_not_configured(signed_in):
    response = signed_in.get("/app/mentor/")
    assert response.status_code == 200
    assert b'data-testid="ai-not-configured"' in response.content


def test_new_conversation_then_ask_without_javascript(signed_in, student):
    response = signed_in.post("/app/mentor/new/")
    conversation = Conversation.objects.get(user=student)
    assert response.url == f"/app/mentor/{conversation.pk}/"
    signed_in.post(f"/app/mentor/{conversation.pk}/ask/", {"text": "How does a for loop work?"})
    page = signed_in.get(f"/app/mentor/{conversation.pk}/").content.decode()
    assert "How does a for loop work?" in page
    assert "AI answers are not configured" in page
    assert f'href="/app/courses/{student.enrollments.get().course.slug}/lessons/' in page


def test_stream_with_the_fake_provider(signed_in, student, fake_provider):
    conversation = ConversationFactory(user=student)
    response = signed_in.post(f"/app/mentor/{conversation.pk}/stream/", {"text": "for loop?"})
    assert response["Content-Type"] == "text/event-stream"

    async def collect():
        return [chunk async for chunk in response.streaming_content]

    raw = b"".join(async_to_sync(collect)()).decode()
    events = [json.loads(line[5:]) for line in raw.splitlines() if line.startswith("data:")]
    assert "".join(e["text"] for e in events if e["type"] == "token") == "Loops repeat code."


def test_stream_refusal_is_json(signed_in, student):
    mentor_settings_update(daily_messages_per_person=0)
    conversation = ConversationFactory(user=student)
    response = signed_in.post(f"/app/mentor/{conversation.pk}/stream/", {"text": "loop"})
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "mentor_daily_limit"


def test_delete_own_conversation(signed_in, student):
    conversation = ConversationFactory(user=student)
    assert signed_in.post(f"/app/mentor/{conversation.pk}/delete/").status_code == 302
    assert not Conversation.objects.exists()


def test_get_does_not_delete(signed_in, student):
    conversation = ConversationFactory(user=student)
    assert signed_in.get(f"/app/mentor/{conversation.pk}/delete/").status_code == 405
    assert Conversation.objects.filter(pk=conversation.pk).exists()


@pytest.mark.parametrize("suffix", ["", "ask/", "stream/", "delete/"])
def test_another_students_conversation_is_404(signed_in, suffix):
    theirs = ConversationFactory(user=StudentFactory())
    method = signed_in.get if suffix == "" else signed_in.post
    assert method(f"/app/mentor/{theirs.pk}/{suffix}", {"text": "x"}).status_code == 404
    assert Conversation.objects.filter(pk=theirs.pk).exists()
    assert not Message.objects.exists()
