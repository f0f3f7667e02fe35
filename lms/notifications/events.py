"""Events the notifications context publishes (see lms/core/events.py and the README's list)."""

from dataclasses import dataclass

from lms.core.events import Event


@dataclass(frozen=True)
class NotificationsStored(Event):
    """In-app notifications were stored for these people."""

    user_ids: tuple[int, ...]
