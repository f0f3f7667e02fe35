"""Email goes out through Huey: this backend only queues, after the transaction commits, so
nobody is emailed about a change that was rolled back and no request waits on SMTP."""

from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction


class QueuedEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        messages = list(email_messages or [])
        if not messages:
            return 0
        from lms.notifications.tasks import email_deliver

        transaction.on_commit(lambda: email_deliver(messages), robust=True)
        return len(messages)
