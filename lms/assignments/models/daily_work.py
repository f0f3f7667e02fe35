"""Daily work: one entry per student per day of the student's own calendar."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.assignments.models.files import daily_entry_file_path, upload_validator


class DailyEntry(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="daily_entries"
    )
    local_date = models.DateField(_("day"), help_text=_("In the student's time zone."))
    text = models.TextField(_("what I did"))
    file = models.FileField(
        _("file"),
        upload_to=daily_entry_file_path,
        max_length=300,
        blank=True,
        validators=[upload_validator],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("daily work entry")
        verbose_name_plural = _("daily work")
        ordering = ["-local_date", "user_id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "local_date"], name="daily_entry_one_per_day")
        ]
        indexes = [models.Index(fields=["local_date"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.local_date}"
