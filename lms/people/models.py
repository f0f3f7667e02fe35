from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.core.files import UploadValidator, stored_name


def import_file_path(instance: "UserImport", filename: str) -> str:
    return stored_name("private/user-imports", filename)


class UserImport(models.Model):
    """One uploaded file of people: first previewed (a dry run), then imported. The file is
    kept (privately) so a background job can read it; the outcome of each row is kept in
    `rows` so the preview, the result page, the API and the refused-rows CSV read it back."""

    class Status(models.TextChoices):
        PREVIEWING = "previewing", _("Checking")
        PREVIEWED = "previewed", _("Checked")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(
        _("file"),
        upload_to=import_file_path,
        validators=[UploadValidator(extensions=["csv", "xlsx"], max_bytes=10 * 1024 * 1024)],
    )
    file_name = models.CharField(_("file name"), max_length=255)
    dry_run = models.BooleanField(_("preview only"), default=True)
    update_existing = models.BooleanField(_("update existing people"), default=False)
    create_cohorts = models.BooleanField(_("create missing groups"), default=False)
    all_or_nothing = models.BooleanField(_("nothing unless all rows are valid"), default=False)
    send_welcome = models.BooleanField(_("send welcome emails"), default=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PREVIEWING
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    # [{"row": 2, "status": "new", "email": "...", "errors": [...], "values": {...}}];
    # "values" (the row as read) only on refused rows, for the refused-rows CSV.
    rows = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)

    class Meta:
        verbose_name = _("people import")
        verbose_name_plural = _("people imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.PREVIEWED, self.Status.DONE, self.Status.FAILED)

    @property
    def progress_percent(self) -> int:
        if not self.total_rows:
            return 100 if self.finished else 0
        return min(100, round(100 * self.processed_rows / self.total_rows))
