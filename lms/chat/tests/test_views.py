"""Student app chat pages: the list with unread counts, starting a direct chat (POST), a
conversation page (members only; 404 for anyone else), sending without JavaScript."""

import pytest

from lms.accounts.tests.factories import StudentFactory
from lms.chat import services
from lms.chat.models import Message
from lms.chat.tests.factories import direct_chat, student_and_instructor

pytestmark = pytest.mark.django_db


def test_list_shows_unread_counts_and_partners(client):
    conversation, student, instructor = direct_chat()
    services.message_send(user=instructor, conversation=conversation, body="hi")
    client.force_login(student)
    page = client.get("/app/chat/").content.decode()
    assert f'data-testid="unread-{conversation.pk}"' in page and "1 unread" in page
    assert instructor.email in page or instructor.full_name in page


def test_start_a_chat_then_send_without_javascript(client):
    student, instructor = student_and_instructor()
    client.force_login(student)
    assert client.get("/app/chat/start/").status_code == 405
    answer = client.post("/app/chat/start/", {"user_id": instructor.pk})
    conversation_url = answer["Location"]
    assert answer.status_code == 302 and conversation_url.startswith("/app/chat/")
    client.post(conversation_url + "send/", {"body": "Question about lesson 2"})
    page = client.get(conversation_url).content.decode()
    assert "Question about lesson 2" in page and "data-chat" in page


def test_another_pairs_conversation_is_not_found(client):
    conversation, _student, _instructor = direct_chat()
    services.message_send(user=_student, conversation=conversation, body="secret words")
    client.force_login(StudentFactory())
    assert client.get(f"/app/chat/{conversation.pk}/").status_code == 404
    assert client.post(f"/app/chat/{conversation.pk}/send/", {"body": "x"}).status_code == 404
    assert Message.objects.count() == 1


def test_a_student_cannot_start_a_chat_with_another_student(client):
    student = StudentFactory()
    client.force_login(student)
    answer = client.post("/app/chat/start/", {"user_id": StudentFactory().pk}, follow=True)
    assert "You can chat with your instructors" in answer.content.decode()
