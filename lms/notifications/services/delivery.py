"""Sending a notification: stored in-app, pushed to open tabs after commit, emailed and web
pushed as each person chose for its kind. Other contexts reach this only through their
events (receivers.py); nothing outside notifications imports it."""

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction

from lms.accounts.models import User
from lms.core.events import publish
from lms.notifications import selectors
from lms.notifications.consumers import user_group_name
from lms.notifications.events import NotificationsStored
from lms.notifications.kinds import kind_get
from lms.notifications.models import Notification

logger = logging.getLogger(__name__)

# People per Huey job when a notification goes to a large audience.
BATCH_SIZE = 500


@dataclass(frozen=True)
class Delivery:
    """What a receiver's builder returns: who gets which words. `user_ids` may be a lazy
    iterable (a queryset's ids): it is read in batches."""

    kind: str
    user_ids: Iterable[int]
    title: str
    body: str = ""
    link: str = ""
    extra: dict = field(default_factory=dict)


def notification_data(notification: Notification) -> dict:
    return {
        "id": notification.pk,
        "kind": notification.kind,
        "title": notification.title,
        "body": notification.body,
        "link": notification.link,
        "read": notification.read_at is not None,
        "created_at": notification.created_at.isoformat(),
    }


@transaction.atomic
def notification_send(
    *, user_ids: Iterable[int], kind: str, title: str, body: str = "", link: str = ""
) -> list[Notification]:
    """Stores one Notification per person who keeps `kind` in the app, and after commit pushes
    it to their open tabs (with their new unread count), emails those who keep its email and
    web pushes those who keep its push. Inactive people get nothing. Returns what was
    stored."""
    definition = kind_get(kind)
    title, link = title[:200], link[:500]
    active = set(
        User.objects.filter(pk__in=set(user_ids), is_active=True).values_list("pk", flat=True)
    )
    channels = selectors.recipients_by_channel(kind=kind, user_ids=active)
    stored = Notification.objects.bulk_create(
        [
            Notification(user_id=user_id, kind=kind, title=title, body=body, link=link)
            for user_id in sorted(channels["in_app"])
        ]
    )
    if channels["email"] and not definition.own_email:
        _email_queue(user_ids=channels["email"], title=title, body=body, link=link)
    if stored:
        transaction.on_commit(lambda: _sockets_push(stored))
        publish(NotificationsStored(user_ids=tuple(sorted(channels["in_app"]))))
    if channels["push"]:
        payload = {"title": title, "body": body, "link": link, "kind": kind}
        user_list = sorted(channels["push"])
        transaction.on_commit(lambda: _webpush_queue(user_list, payload))
    return stored


def notification_fan_out(*, delivery: Delivery) -> int:
    """Sends `delivery` in batches: the first batch here, the others each in a Huey job, so
    a notification to thousands never holds one job (or request) for long. Returns the
    number of people addressed."""
    from lms.notifications.tasks import notification_send_batch

    total, batch, first = 0, [], True
    for user_id in delivery.user_ids:
        batch.append(user_id)
        if len(batch) == BATCH_SIZE:
            _batch_send(delivery, batch, here=first, task=notification_send_batch)
            total, batch, first = total + len(batch), [], False
    if batch:
        _batch_send(delivery, batch, here=first, task=notification_send_batch)
        total += len(batch)
    return total


def _batch_send(delivery: Delivery, batch: list[int], *, here: bool, task) -> None:
    arguments = {
        "user_ids": batch,
        "kind": delivery.kind,
        "title": delivery.title,
        "body": delivery.body,
        "link": delivery.link,
    }
    if here:
        notification_send(**arguments)
    else:
        task(**arguments)


def _email_queue(*, user_ids: set[int], title: str, body: str, link: str) -> None:
    """Through the queued backend: sent by Huey after commit."""
    site_url = settings.LMS_PUBLIC_URL.rstrip("/")
    url = f"{site_url}{link}" if link.startswith("/") else link
    text = f"{body}\n\n{url}".strip()
    messages = [
        EmailMessage(title, text, to=[email])
        for email in User.objects.filter(pk__in=user_ids).values_list("email", flat=True)
    ]
    get_connection().send_messages(messages)


def _sockets_push(stored: list[Notification]) -> None:
    """To every open tab of each person (their channel group), with their unread count."""
    layer = get_channel_layer()
    if layer is None:
        return
    counts = selectors.unread_counts(user_ids={n.user_id for n in stored})
    for notification in stored:
        try:
            async_to_sync(layer.group_send)(
                user_group_name(notification.user_id),
                {
                    "type": "notification.message",
                    "notification": notification_data(notification),
                    "unread": counts.get(notification.user_id, 0),
                },
            )
        except Exception:  # noqa: BLE001 - live updates are best effort; the row is stored
            logger.warning("Live notification not pushed", exc_info=True)
            return


def _webpush_queue(user_ids: list[int], payload: dict) -> None:
    from lms.notifications.tasks import webpush_send

    try:
        webpush_send(user_ids, payload)
    except Exception:  # noqa: BLE001 - the queue is down: the in-app row is stored anyway
        logger.warning("Web push not queued", exc_info=True)
