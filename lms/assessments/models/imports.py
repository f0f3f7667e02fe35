"""A large question file parsed in the background (a Huey job) with its progress, so the
console can show a progress bar and then the same preview as for a small file."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionImportStatus(models.TextChoices):
    PARSING = "parsing", _("Parsing")
    READY = "ready", _("Ready to import")
    IMPORTING = "importing", _("Importing")
    IMPORTED = "imported", _("Imported")
    FAILED = "failed", _("Failed")


class QuestionImport(models.Model):
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    format = models.CharField(_("format"), max_length=10)
    category_path = models.CharField(_("into category"), max_length=500)
    content = models.BinaryField(_("file"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=QuestionImportStatus.choices,
        default=QuestionImportStatus.PARSING,
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    result = models.JSONField(_("preview"), null=True, blank=True)
    imported = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("question import")
        verbose_name_plural = _("question imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.format} → {self.category_path} ({self.get_status_display()})"
