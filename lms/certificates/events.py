"""Events the certificates context publishes (see lms/core/events.py and the README's list)."""

from dataclasses import dataclass

from lms.core.events import Event


@dataclass(frozen=True)
class CertificateChanged(Event):
    """A person's certificate was issued, revoked or re-issued."""

    certificate_id: int
    user_id: int
