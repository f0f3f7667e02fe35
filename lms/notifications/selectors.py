"""Reads of the notifications context: a person's list, unread count and preferences."""

from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet, Window

from lms.accounts.models import User
from lms.core.prepared import PreparedValues
from lms.notifications.kinds import CHANNELS, KINDS, kind_get
from lms.notifications.models import Notification, Preference


def notification_list(*, user: User, unread: bool = False) -> QuerySet[Notification]:
    """Newest first; only the unread ones with `unread`."""
    notifications = Notification.objects.filter(user=user)
    if unread:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications.only("id", "kind", "title", "body", "link", "read_at", "created_at")


def _latest_with_unread_query(*, user_id: int) -> QuerySet:
    return (
        Notification.objects.filter(user_id=user_id)
        .order_by("-created_at", "-pk")
        .annotate(unread=Window(Count("pk", filter=Q(read_at__isnull=True))))
        .values("pk", "kind", "title", "link", "read_at", "created_at", "unread")[:LATEST_SHOWN]
    )


LATEST_SHOWN = 5
_latest_with_unread = PreparedValues(_latest_with_unread_query, user_id=int)


def latest_with_unread_get(*, user: User) -> tuple[int, list[dict]]:
    """The person's five newest notifications (read or not) as rows, and how many of all
    theirs are unread, in one query (a window count; its SQL built once per process)."""
    rows = _latest_with_unread.rows(user_id=user.pk)
    return (rows[0]["unread"] if rows else 0), rows


def unread_count(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def unread_counts(*, user_ids: Iterable[int]) -> dict[int, int]:
    """Unread counts of many people in one query (people with none are absent)."""
    rows = (
        Notification.objects.filter(user_id__in=list(user_ids), read_at__isnull=True)
        .values("user_id")
        .annotate(total=Count("id"))
    )
    return {row["user_id"]: row["total"] for row in rows}


def preferences_get(*, user: User) -> list[dict]:
    """Every kind with the channels in force for `user` (their choice, else the default)."""
    chosen = {p.kind: p for p in Preference.objects.filter(user=user)}
    rows = []
    for kind in KINDS.values():
        own = chosen.get(kind.key)
        row = {"kind": kind.key, "label": str(kind.label)}
        for channel in CHANNELS:
            row[channel] = getattr(own, channel) if own else kind.default(channel)
        rows.append(row)
    return rows


def recipients_by_channel(*, kind: str, user_ids: Iterable[int]) -> dict[str, set[int]]:
    """Who of `user_ids` gets `kind` on each channel (one query for the overrides)."""
    definition = kind_get(kind)
    ids = set(user_ids)
    chosen = {
        p.user_id: p
        for p in Preference.objects.filter(kind=kind, user_id__in=ids).only("user_id", *CHANNELS)
    }
    result: dict[str, set[int]] = {channel: set() for channel in CHANNELS}
    for user_id in ids:
        own = chosen.get(user_id)
        for channel in CHANNELS:
            if getattr(own, channel) if own else definition.default(channel):
                result[channel].add(user_id)
    return result
