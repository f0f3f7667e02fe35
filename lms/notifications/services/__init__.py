"""Services of the notifications context (see each module)."""

from lms.notifications.services.delivery import (
    Delivery,
    notification_data,
    notification_fan_out,
    notification_send,
)
from lms.notifications.services.inbox import (
    notifications_mark_read,
    preferences_set,
    push_subscription_register,
)
from lms.notifications.services.mail import email_deliver, meeting_reminder_email
from lms.notifications.services.webpush import webpush_deliver, webpush_enabled

__all__ = [
    "Delivery",
    "email_deliver",
    "meeting_reminder_email",
    "notification_data",
    "notification_fan_out",
    "notification_send",
    "notifications_mark_read",
    "preferences_set",
    "push_subscription_register",
    "webpush_deliver",
    "webpush_enabled",
]
