"""The student app's notification pages: the list with mark-read (POST), the preferences
page (checkboxes per kind and channel), the bell in the top bar."""

import pytest

from lms.accounts.tests.factories import StudentFactory
from lms.notifications import selectors
from lms.notifications.models import Notification
from lms.notifications.tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, student):
    client.force_login(student)
    return client


def test_list_shows_only_ones_own_newest_first(signed_in, student):
    older = NotificationFactory(user=student, title="Older one")
    newer = NotificationFactory(user=student, title="Newer one")
    NotificationFactory(title="Someone else's")
    page = signed_in.get("/app/notifications/")
    text = page.content.decode()
    assert page.status_code == 200 and "HX-Request" in page["Vary"]
    assert text.index(newer.title) < text.index(older.title)
    assert "Someone else" not in text
    assert "data-notification-bell" in text and "2 unread" in text


def test_mark_one_then_all_read(signed_in, student):
    first, second = NotificationFactory.create_batch(2, user=student)
    theirs = NotificationFactory()
    assert signed_in.get("/app/notifications/read/").status_code == 405
    signed_in.post("/app/notifications/read/", {"id": [first.pk, theirs.pk]})
    assert selectors.unread_count(user=student) == 1
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    answer = signed_in.post("/app/notifications/read/", {"all": "1"})
    assert answer.status_code == 302 and selectors.unread_count(user=student) == 0


def test_preferences_page_saves_every_checkbox(signed_in, student):
    page = signed_in.get("/app/notifications/preferences/")
    assert page.status_code == 200
    assert 'name="enrolled:email" aria-labelledby="kind-enrolled channel-email" checked' in (
        page.content.decode()
    )
    assert "data-push-enable" in page.content.decode()
    # Only in-app for "enrolled" ticked: everything else unticked.
    signed_in.post("/app/notifications/preferences/", {"enrolled:in_app": "on"})
    rows = {row["kind"]: row for row in selectors.preferences_get(user=student)}
    assert (rows["enrolled"]["in_app"], rows["enrolled"]["email"], rows["enrolled"]["push"]) == (
        True,
        False,
        False,
    )
    assert rows["order_paid"]["in_app"] is False


def test_pages_need_sign_in(client):
    assert client.get("/app/notifications/").status_code == 302
    assert client.post("/app/notifications/read/", {"all": "1"}).status_code == 302
    assert StudentFactory()  # nobody's notifications were touched
