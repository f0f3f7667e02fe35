"""/api/v1/me/notifications/, .../read, /me/notification-preferences/, /me/push-subscriptions/."""

import pytest
from rest_framework.test import APIClient

from lms.accounts.tests.factories import StudentFactory
from lms.notifications.models import Notification, PushSubscription
from lms.notifications.tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("size", [3, 12])
def test_list_is_newest_first_with_unread_count(size, django_assert_max_num_queries):
    student = StudentFactory()
    made = NotificationFactory.create_batch(size, user=student)
    NotificationFactory()  # someone else's
    Notification.objects.filter(pk=made[0].pk).update(read_at="2026-01-01T00:00:00Z")
    with django_assert_max_num_queries(4):
        answer = _client(student).get("/api/v1/me/notifications/")
    assert answer.status_code == 200
    assert answer.data["count"] == size and answer.data["unread"] == size - 1
    assert [row["id"] for row in answer.data["results"]] == [n.pk for n in reversed(made)]
    unread = _client(student).get("/api/v1/me/notifications/?unread=true")
    assert made[0].pk not in [row["id"] for row in unread.data["results"]]


def test_mark_read_by_ids_and_all():
    student = StudentFactory()
    first, second = NotificationFactory.create_batch(2, user=student)
    theirs = NotificationFactory()
    client = _client(student)
    answer = client.post(
        "/api/v1/me/notifications/read", {"ids": [first.pk, theirs.pk]}, format="json"
    )
    assert answer.data == {"marked": 1, "unread": 1}
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert client.post("/api/v1/me/notifications/read", {"all": True}, format="json").data == {
        "marked": 1,
        "unread": 0,
    }
    assert client.post("/api/v1/me/notifications/read", {}, format="json").status_code == 400


def test_preferences_read_and_change():
    client = _client(StudentFactory())
    answer = client.get("/api/v1/me/notification-preferences/")
    assert answer.status_code == 200 and answer.data["vapid_public_key"]
    rows = {row["kind"]: row for row in answer.data["preferences"]}
    assert rows["enrolled"]["email"] is True
    changed = client.put(
        "/api/v1/me/notification-preferences/",
        {"preferences": [{"kind": "enrolled", "email": False}]},
        format="json",
    )
    rows = {row["kind"]: row for row in changed.data["preferences"]}
    assert rows["enrolled"]["email"] is False and rows["enrolled"]["in_app"] is True
    bad = client.put(
        "/api/v1/me/notification-preferences/",
        {"preferences": [{"kind": "nope", "email": False}]},
        format="json",
    )
    assert bad.status_code == 400


def test_push_subscription_register():
    student = StudentFactory()
    body = {"endpoint": "https://push.example.org/abc", "keys": {"p256dh": "BP", "auth": "xy"}}
    answer = _client(student).post("/api/v1/me/push-subscriptions/", body, format="json")
    assert answer.status_code == 201
    assert PushSubscription.objects.get().user == student
    missing = _client(student).post(
        "/api/v1/me/push-subscriptions/", {"endpoint": body["endpoint"], "keys": {}}, format="json"
    )
    assert missing.status_code == 400


def test_anonymous_is_refused():
    assert APIClient().get("/api/v1/me/notifications/").status_code == 401
