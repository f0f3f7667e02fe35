"""Certificates of completion: one per enrollment, with a unique public serial, a PDF kept
in private storage, and a revoked state the public verification page shows."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

# Unambiguous capitals and digits (no 0/O, 1/I): serials are read aloud and typed.
SERIAL_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_serial() -> str:
    groups = ["".join(secrets.choice(SERIAL_ALPHABET) for _ in range(4)) for _ in range(3)]
    return "-".join(groups)


def certificate_path(instance, filename: str) -> str:
    return f"private/certificates/{instance.user_id}/{uuid.uuid4().hex}/{filename}"


class CertificateTemplate(models.Model):
    """The certificate's HTML, edited by admins. Placeholders: {{ name }}, {{ course }},
    {{ date }}, {{ serial }}, {{ qr_code }} (an <img> of the verification link's QR code),
    {{ verify_url }} and {{ site_name }}. The one marked default is used for new
    certificates and re-issues."""

    name = models.CharField(_("name"), max_length=120)
    html = models.TextField(
        _("HTML"),
        help_text=_(
            "A whole HTML page with its CSS. Placeholders: {{ name }}, {{ course }}, "
            "{{ date }}, {{ serial }}, {{ qr_code }}, {{ verify_url }}, {{ site_name }}. "
            'Use font-family "Noto Sans Devanagari" for Hindi names.'
        ),
    )
    is_default = models.BooleanField(_("default"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_template"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Certificate(models.Model):
    enrollment = models.OneToOneField(
        "learning.Enrollment",
        on_delete=models.PROTECT,
        related_name="certificate",
        verbose_name=_("enrollment"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="certificates",
        verbose_name=_("person"),
    )
    course = models.ForeignKey(
        "catalog.Course", on_delete=models.PROTECT, related_name="+", verbose_name=_("course")
    )
    serial = models.CharField(_("serial"), max_length=20, unique=True, default=new_serial)
    recipient_name = models.CharField(_("name on it"), max_length=150)
    course_title = models.CharField(_("course on it"), max_length=200)
    completed_on = models.DateField(_("completed on"))
    file = models.FileField(_("PDF"), upload_to=certificate_path, max_length=300, blank=True)
    template = models.ForeignKey(
        CertificateTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued"), default=now)
    reissued_at = models.DateTimeField(_("re-issued"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.CharField(_("why revoked"), max_length=255, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at"]
        indexes = [models.Index(fields=["user", "-issued_at"], name="certificates_of_person")]

    def __str__(self) -> str:
        return f"{self.serial} {self.recipient_name}: {self.course_title}"

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None
