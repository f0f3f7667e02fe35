from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.mail import get_connection

from lms.notifications.consumers import user_group_name


def email_deliver(*, messages: list) -> int:
    """Hand messages to the real transport configured by EMAIL_URL."""
    connection = get_connection(settings.LMS_EMAIL_DELIVERY_BACKEND, fail_silently=False)
    for message in messages:
        message.connection = connection
    return connection.send_messages(messages) or 0


def notification_push(*, user_id: int, notification: dict) -> None:
    """Send `notification` to every open socket of one person (`ws/notifications/`). Nothing
    is stored: a person who is not connected does not get it."""
    layer = get_channel_layer()
    if layer is None:
        return
    async_to_sync(layer.group_send)(
        user_group_name(user_id), {"type": "notification.message", "notification": notification}
    )
