"""What a person does with their notifications: mark read, choose channels, register a
browser for web push."""

from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.core.errors import ApplicationError
from lms.notifications.kinds import CHANNELS, KINDS
from lms.notifications.models import Notification, Preference, PushSubscription


@transaction.atomic
def notifications_mark_read(
    *, user: User, ids: list[int] | None = None, everything: bool = False
) -> int:
    """Marks `ids` (or every unread one with `everything`) of `user` read; ids of other people
    are ignored. Returns how many changed."""
    if not everything and not ids:
        raise ApplicationError(_("Say which notifications to mark read."), code="nothing_chosen")
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if not everything:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


@transaction.atomic
def preferences_set(*, user: User, choices: list[dict]) -> None:
    """`choices`: rows of {kind, in_app, email, push}; a missing channel keeps its value.
    Unknown kinds are refused."""
    unknown = sorted({row["kind"] for row in choices} - set(KINDS))
    if unknown:
        raise ApplicationError(
            _("Unknown kind of notification: %(kinds)s.") % {"kinds": ", ".join(unknown)},
            code="unknown_kind",
        )
    current = {p.kind: p for p in Preference.objects.select_for_update().filter(user=user)}
    for row in choices:
        kind = KINDS[row["kind"]]
        preference = current.get(kind.key) or Preference(
            user=user, kind=kind.key, **{c: kind.default(c) for c in CHANNELS}
        )
        for channel in CHANNELS:
            if channel in row:
                setattr(preference, channel, bool(row[channel]))
        preference.save()
        current[kind.key] = preference


@transaction.atomic
def push_subscription_register(
    *, user: User, endpoint: str, p256dh: str, auth: str
) -> PushSubscription:
    """Stores a browser's subscription (PushManager.subscribe) for `user`. The same endpoint
    registered again (a renewed subscription, or another person on a shared browser) moves to
    the latest person and keys."""
    if urlsplit(endpoint).scheme != "https" and not _local(endpoint):
        raise ApplicationError(_("A push endpoint must be an https address."), code="invalid")
    subscription, _created = PushSubscription.objects.update_or_create(
        endpoint=endpoint, defaults={"user": user, "p256dh": p256dh, "auth": auth}
    )
    return subscription


def _local(endpoint: str) -> bool:
    from django.conf import settings

    # Tests and the embedded default talk to a push service on this machine.
    return settings.LMS_PUSH_ALLOW_LOCAL_HTTP and urlsplit(endpoint).hostname in (
        "127.0.0.1",
        "localhost",
    )
