"""Reads of the certificates context."""

from django.db.models import QuerySet
from django.http import Http404

from lms.accounts.models import User
from lms.accounts.permissions import is_admin
from lms.certificates.models import Certificate
from lms.core.prepared import PreparedValues


def certificate_by_serial(*, serial: str) -> Certificate | None:
    """For the public verification page: None when no certificate has this serial."""
    return Certificate.objects.filter(serial=(serial or "").strip().upper()).first()


def my_certificates(*, user: User) -> QuerySet[Certificate]:
    return Certificate.objects.filter(user=user).order_by("-issued_at")


def _latest_certificates_query(*, user_id: int) -> QuerySet:
    return (
        Certificate.objects.filter(user_id=user_id)
        .order_by("-issued_at", "-pk")
        .values("pk", "serial", "course_title", "completed_on", "revoked_at", "file")[:LATEST_SHOWN]
    )


LATEST_SHOWN = 5
_latest_certificates = PreparedValues(_latest_certificates_query, user_id=int)


def latest_certificates_get(*, user: User) -> list[dict]:
    """The person's five newest certificates as rows (one query, its SQL built once per
    process); `revoked_at` set means revoked, `file` empty means no PDF yet."""
    return _latest_certificates.rows(user_id=user.pk)


def certificate_for_download(*, user: User, certificate_id: int) -> Certificate:
    """The person's own certificate (admins: any); 404 for anyone else's, so that its
    existence is not told."""
    certificate = Certificate.objects.filter(pk=certificate_id).first()
    if certificate is None or not certificate.file:
        raise Http404
    if certificate.user_id != user.pk and not is_admin(user):
        raise Http404
    return certificate
