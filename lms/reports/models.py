from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportExport(models.Model):
    """A report export too large to write during the request: a background job writes the
    file (privately) and counts its rows as it goes; the person who asked downloads it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Writing")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    report = models.CharField(_("report"), max_length=40)
    file_format = models.CharField(_("format"), max_length=10)
    # The filters as chosen, and the courses the person may see (null: all, for admins),
    # fixed when the export is asked for.
    filters = models.JSONField(default=dict, blank=True)
    course_ids = models.JSONField(null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    total_rows = models.PositiveIntegerField(default=0)
    written_rows = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="private/report-exports/", blank=True)
    message = models.TextField(blank=True)

    class Meta:
        verbose_name = _("report export")
        verbose_name_plural = _("report exports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.report} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def progress_percent(self) -> int:
        if not self.total_rows:
            return 100 if self.finished else 0
        return min(100, round(100 * self.written_rows / self.total_rows))
