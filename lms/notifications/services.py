from django.conf import settings
from django.core.mail import get_connection


def email_deliver(*, messages: list) -> int:
    """Hand messages to the real transport configured by EMAIL_URL."""
    connection = get_connection(settings.LMS_EMAIL_DELIVERY_BACKEND, fail_silently=False)
    for message in messages:
        message.connection = connection
    return connection.send_messages(messages) or 0
