"""Email goes out through Huey: this backend only queues, after the transaction commits, so
nobody is emailed about a change that was rolled back and no request waits on SMTP.

When the job queue (Redis) cannot take the message, the request still succeeds: the message
is logged as not sent (recipients and subject, never the body, which may hold a code or a
link) and is lost; the person asks for it again (resend code, reset password) once the
queue is back. Sending it from the request instead would make every page that emails wait
on SMTP exactly when the system is already degraded."""

import logging

from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

logger = logging.getLogger(__name__)


def _enqueue(messages: list) -> None:
    from lms.notifications.tasks import email_deliver

    try:
        email_deliver(messages)
    except Exception as error:  # the queue is down: the request that sent it goes on
        for message in messages:
            logger.error(
                "Email not queued (job queue unavailable: %s: %s): to=%s subject=%r",
                type(error).__name__,
                error,
                message.to,
                message.subject,
            )


class QueuedEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        messages = list(email_messages or [])
        if not messages:
            return 0
        for message in messages:
            # A subject built from something a person typed (a meeting title) may hold line
            # breaks; delivery would refuse the header and lose the whole batch.
            message.subject = " ".join(str(message.subject).split())
        transaction.on_commit(lambda: _enqueue(messages))
        return len(messages)
