"""Email that notifications writes itself: the transport hand-off and the meeting reminder."""

from django.conf import settings
from django.core.mail import get_connection


def email_deliver(*, messages: list) -> int:
    """Hand messages to the real transport configured by EMAIL_URL."""
    connection = get_connection(settings.LMS_EMAIL_DELIVERY_BACKEND, fail_silently=False)
    for message in messages:
        message.connection = connection
    return connection.send_messages(messages) or 0


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
    from lms.notifications.selectors import recipients_by_channel

    people = list(invitees(meeting=meeting).filter(is_active=True))
    # The person's choice for the "meeting_soon" kind decides whether this email goes.
    wanted = recipients_by_channel(kind="meeting_soon", user_ids=[p.pk for p in people])["email"]
    messages = []
    for person in (p for p in people if p.pk in wanted):
        with timezone.override(person.timezone or "UTC"):
            starts = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M %Z")
        subject = _("Starting soon: %(title)s") % {"title": meeting.title}
        body = _("%(title)s starts at %(starts)s. Join from the Meetings page of the app.") % {
            "title": meeting.title,
            "starts": starts,
        }
        messages.append(EmailMessage(subject, body, to=[person.email]))
    return get_connection().send_messages(messages) if messages else 0
