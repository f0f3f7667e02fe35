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


def meeting_reminder_email(*, meeting_id: int) -> int:
    """Emails every invitee of a meeting that it starts soon (through the queued backend)."""
    from django.core.mail import EmailMessage
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from lms.meetings.models import Meeting
    from lms.meetings.selectors import invitees

    meeting = Meeting.objects.filter(pk=meeting_id, cancelled_at__isnull=True).first()
    if meeting is None:
        return 0
    messages = []
    for person in invitees(meeting=meeting).filter(is_active=True).iterator(chunk_size=500):
        with timezone.override(person.timezone or "UTC"):
            starts = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M %Z")
        subject = _("Starting soon: %(title)s") % {"title": meeting.title}
        body = _("%(title)s starts at %(starts)s. Join from the Meetings page of the app.") % {
            "title": meeting.title,
            "starts": starts,
        }
        messages.append(EmailMessage(subject, body, to=[person.email]))
    return get_connection().send_messages(messages) if messages else 0
