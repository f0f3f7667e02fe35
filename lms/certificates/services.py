"""Writes of the certificates context: issue once per enrollment (the Huey job that reacts
to CourseCompleted), revoke, re-issue. The PDF is rendered and stored through Django's
storage (S3 through django-storages in production), as a private file."""

import zoneinfo

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.accounts.permissions import is_admin
from lms.certificates.events import CertificateChanged
from lms.certificates.models import Certificate, CertificateTemplate
from lms.certificates.rendering import DEFAULT_TEMPLATE_HTML, certificate_pdf
from lms.core.errors import ApplicationError, PermissionDeniedError
from lms.core.events import publish
from lms.learning.models import Enrollment


def verify_url(serial: str) -> str:
    path = reverse("student_pwa:certificate_verify", kwargs={"serial": serial})
    return f"{settings.LMS_PUBLIC_URL.rstrip('/')}{path}"


def _template() -> CertificateTemplate | None:
    return CertificateTemplate.objects.filter(is_default=True).first()


def _render(certificate: Certificate) -> None:
    """(Re)draw the PDF with the default template and store it, replacing the old file."""
    template = _template()
    pdf = certificate_pdf(
        template_html=template.html if template else DEFAULT_TEMPLATE_HTML,
        name=certificate.recipient_name,
        course=certificate.course_title,
        date=certificate.completed_on.strftime("%d %B %Y"),
        serial=certificate.serial,
        verify_url=verify_url(certificate.serial),
    )
    old_name = certificate.file.name
    certificate.template = template
    certificate.file.save(f"certificate-{certificate.serial}.pdf", ContentFile(pdf), save=False)
    if old_name:
        storage = certificate.file.storage
        transaction.on_commit(lambda: storage.delete(old_name))


def certificate_issue(*, enrollment_id: int) -> Certificate | None:
    """The certificate of a completed enrollment, issued once: a second call (the event
    delivered twice, a concurrent job) returns the one already there."""
    existing = Certificate.objects.filter(enrollment_id=enrollment_id).first()
    if existing is not None:
        return existing
    enrollment = (
        Enrollment.objects.select_related("user", "course").filter(pk=enrollment_id).first()
    )
    if enrollment is None or enrollment.completed_at is None:
        return None
    zone = zoneinfo.ZoneInfo(settings.LMS_ACADEMY_TIMEZONE)
    try:
        with transaction.atomic():
            certificate = Certificate(
                enrollment=enrollment,
                user=enrollment.user,
                course=enrollment.course,
                recipient_name=_name_on_certificate(enrollment.user),
                course_title=enrollment.course.title,
                completed_on=enrollment.completed_at.astimezone(zone).date(),
            )
            _render(certificate)
            certificate.save()
            _changed_publish(certificate)
    except IntegrityError:  # issued by a concurrent job (or, rarely, a serial taken)
        if certificate.file.name:
            certificate.file.storage.delete(certificate.file.name)
        return Certificate.objects.filter(enrollment_id=enrollment_id).first()
    return certificate


def _name_on_certificate(user: User) -> str:
    # The verification page is public: never print an email address, only its name part.
    return user.full_name or user.email.split("@")[0]


def certificate_preview_pdf(*, template_html: str) -> bytes:
    """A template drawn with sample values, to check it before it is used (writes nothing)."""
    return certificate_pdf(
        template_html=template_html,
        name="प्रिया शर्मा (Priya Sharma)",
        course="Sample course",
        date=timezone.localdate().strftime("%d %B %Y"),
        serial="SAMP-LE23-4567",
        verify_url=verify_url("SAMP-LE23-4567"),
    )


def _require_admin(by: User) -> None:
    if not is_admin(by):
        raise PermissionDeniedError(_("Only admins can revoke or re-issue certificates."))


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, by: User, reason: str) -> Certificate:
    """The verification page shows it as revoked from now on; the file stays."""
    _require_admin(by)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("Say why the certificate is revoked."))
    if certificate.revoked_at is not None:
        raise ApplicationError(_("This certificate is already revoked."))
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = reason[:255]
    certificate.revoked_by = by
    certificate.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
    _changed_publish(certificate)
    return certificate


@transaction.atomic
def certificate_reissue(*, certificate: Certificate, by: User) -> Certificate:
    """Draw it again with the current template and the person's current name, and make it
    valid again. The serial stays, so printed QR codes keep working."""
    _require_admin(by)
    certificate = (
        Certificate.objects.select_for_update().select_related("user").get(pk=certificate.pk)
    )
    certificate.recipient_name = _name_on_certificate(certificate.user)
    certificate.revoked_at = None
    certificate.revoked_reason = ""
    certificate.revoked_by = None
    certificate.reissued_at = timezone.now()
    _render(certificate)
    certificate.save()
    _changed_publish(certificate)
    return certificate


def _changed_publish(certificate: Certificate) -> None:
    publish(CertificateChanged(certificate_id=certificate.pk, user_id=certificate.user_id))
