"""/api/v1/conversations/...: the list with unread counts, opening a direct chat, history by
cursor, sending, marking read; another pair's chat is 404 with nothing in the answer."""

import pytest
from rest_framework.test import APIClient

from lms.accounts.tests.factories import AdminFactory, StudentFactory
from lms.chat import selectors, services
from lms.chat.tests.factories import direct_chat, student_and_instructor

pytestmark = pytest.mark.django_db


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("size", [2, 6])
def test_list_with_unread_counts(size, django_assert_max_num_queries):
    student = StudentFactory()
    staff = AdminFactory.create_batch(size)
    expected = []
    for n, person in enumerate(staff):
        conversation = services.direct_conversation_open(user=person, other=student)
        for _ in range(n + 1):
            services.message_send(user=person, conversation=conversation, body="hi")
        expected.insert(0, (conversation.pk, n + 1))
    direct_chat()  # someone else's
    # The same number of queries for 2 and 6 conversations (page, count, titles).
    with django_assert_max_num_queries(5):
        answer = _client(student).get("/api/v1/conversations/")
    assert answer.status_code == 200
    assert [(row["id"], row["unread"]) for row in answer.data["results"]] == expected
    assert {row["title"] for row in answer.data["results"]} == {
        p.full_name or p.email for p in staff
    }


def test_open_a_direct_chat_and_refusals():
    student, instructor = student_and_instructor()
    client = _client(student)
    answer = client.post("/api/v1/conversations/", {"user_id": instructor.pk}, format="json")
    assert answer.status_code == 201 and answer.data["kind"] == "direct"
    refused = client.post("/api/v1/conversations/", {"user_id": StudentFactory().pk}, format="json")
    assert refused.status_code == 403
    assert (
        client.post("/api/v1/conversations/", {"user_id": 999999}, format="json").status_code == 404
    )


def test_history_by_cursor_send_and_read(settings):
    settings.LMS_CHAT_MESSAGES_PER_MINUTE = 100
    conversation, student, instructor = direct_chat()
    sent = [
        services.message_send(user=instructor, conversation=conversation, body=f"m{n}")
        for n in range(35)
    ]
    client = _client(student)
    first = client.get(f"/api/v1/conversations/{conversation.pk}/messages/")
    assert [m["body"] for m in first.data["messages"]][:2] == ["m34", "m33"]
    assert len(first.data["messages"]) == 30
    older = client.get(
        f"/api/v1/conversations/{conversation.pk}/messages/?before={first.data['next_before']}"
    )
    assert [m["body"] for m in older.data["messages"]] == ["m4", "m3", "m2", "m1", "m0"]
    assert older.data["next_before"] is None
    posted = client.post(
        f"/api/v1/conversations/{conversation.pk}/messages/", {"body": "thanks"}, format="json"
    )
    assert posted.status_code == 201 and posted.data["body"] == "thanks"
    read = client.post(f"/api/v1/conversations/{conversation.pk}/read", {}, format="json")
    assert read.data == {"last_read_id": posted.data["id"]}
    assert selectors.conversation_list(user=student).get().unread == 0
    assert sent


def test_another_pairs_chat_is_not_found_and_leaks_nothing():
    conversation, _student, _instructor = direct_chat()
    services.message_send(user=_student, conversation=conversation, body="private words")
    outsider = _client(StudentFactory())
    for answer in (
        outsider.get(f"/api/v1/conversations/{conversation.pk}/messages/"),
        outsider.post(
            f"/api/v1/conversations/{conversation.pk}/messages/", {"body": "x"}, format="json"
        ),
        outsider.post(f"/api/v1/conversations/{conversation.pk}/read", {}, format="json"),
    ):
        assert answer.status_code == 404
        assert b"private" not in answer.content


def test_an_oversized_message_is_refused_with_a_message():
    conversation, student, _instructor = direct_chat()
    answer = _client(student).post(
        f"/api/v1/conversations/{conversation.pk}/messages/", {"body": "x" * 5000}, format="json"
    )
    assert answer.status_code == 400 and "at most" in answer.data["error"]["message"]
