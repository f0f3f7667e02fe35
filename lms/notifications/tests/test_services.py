"""notification_send: stored per the in-app preference, pushed live to every tab of the
person after commit (with the unread count), emailed and web pushed per preference."""

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core import mail

from lms.accounts.tests.factories import StudentFactory
from lms.core.errors import ApplicationError
from lms.notifications import selectors, services
from lms.notifications.consumers import user_group_name
from lms.notifications.models import Notification, Preference
from lms.notifications.tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def _listen(user_id: int) -> str:
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(user_group_name(user_id), channel)
    return channel


def _received(channel: str) -> dict:
    return async_to_sync(get_channel_layer().receive)(channel)


def test_send_stores_pushes_after_commit_and_emails_by_default(
    django_capture_on_commit_callbacks,
):
    student = StudentFactory()
    channel = _listen(student.pk)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        stored = services.notification_send(
            user_ids=[student.pk], kind="enrolled", title="Welcome", body="Go", link="/app/"
        )
    # Nothing left the transaction before it committed.
    assert len(mail.outbox) == 0
    for callback in callbacks:
        callback()
    assert [n.title for n in Notification.objects.filter(user=student)] == ["Welcome"]
    message = _received(channel)
    assert message["notification"]["id"] == stored[0].pk
    assert message["notification"]["title"] == "Welcome" and message["unread"] == 1
    assert [m.to for m in mail.outbox] == [[student.email]]
    assert mail.outbox[0].subject == "Welcome" and "/app/" in mail.outbox[0].body


def test_preferences_are_honoured_per_channel(django_capture_on_commit_callbacks):
    keeps_all, no_in_app, no_email = StudentFactory(), StudentFactory(), StudentFactory()
    services.preferences_set(user=no_in_app, choices=[{"kind": "enrolled", "in_app": False}])
    services.preferences_set(user=no_email, choices=[{"kind": "enrolled", "email": False}])
    with django_capture_on_commit_callbacks(execute=True):
        services.notification_send(
            user_ids=[keeps_all.pk, no_in_app.pk, no_email.pk], kind="enrolled", title="Hi"
        )
    assert set(Notification.objects.values_list("user_id", flat=True)) == {
        keeps_all.pk,
        no_email.pk,
    }
    assert sorted(m.to[0] for m in mail.outbox) == sorted([keeps_all.email, no_in_app.email])


def test_a_kind_without_email_by_default_sends_none(django_capture_on_commit_callbacks):
    student = StudentFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.notification_send(user_ids=[student.pk], kind="attempt_graded", title="Graded")
    assert Notification.objects.filter(user=student).count() == 1
    assert mail.outbox == []


def test_inactive_people_get_nothing(django_capture_on_commit_callbacks):
    gone = StudentFactory(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.notification_send(user_ids=[gone.pk], kind="enrolled", title="x") == []
    assert mail.outbox == []


def test_unknown_kind_is_a_programming_error():
    with pytest.raises(LookupError):
        services.notification_send(user_ids=[StudentFactory().pk], kind="nope", title="x")


def test_mark_read_touches_only_ones_own():
    mine, theirs = NotificationFactory(), NotificationFactory()
    other = NotificationFactory(user=mine.user)
    changed = services.notifications_mark_read(user=mine.user, ids=[mine.pk, theirs.pk])
    assert changed == 1
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert selectors.unread_count(user=mine.user) == 1
    assert services.notifications_mark_read(user=mine.user, everything=True) == 1
    other.refresh_from_db()
    assert other.read_at is not None
    with pytest.raises(ApplicationError):
        services.notifications_mark_read(user=mine.user)


def test_preferences_show_defaults_until_chosen():
    student = StudentFactory()
    rows = {row["kind"]: row for row in selectors.preferences_get(user=student)}
    assert rows["attempt_graded"]["email"] is False and rows["enrolled"]["email"] is True
    services.preferences_set(user=student, choices=[{"kind": "attempt_graded", "email": True}])
    rows = {row["kind"]: row for row in selectors.preferences_get(user=student)}
    assert rows["attempt_graded"] == {
        "kind": "attempt_graded",
        "label": rows["attempt_graded"]["label"],
        "in_app": True,
        "email": True,
        "push": True,
    }
    assert Preference.objects.filter(user=student).count() == 1
    with pytest.raises(ApplicationError):
        services.preferences_set(user=student, choices=[{"kind": "nope", "email": True}])
