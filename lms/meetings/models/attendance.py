"""Who came to a meeting (one row per meeting and person), and the private calendar feed."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Excused")


ATTENDED_STATUSES = {AttendanceStatus.PRESENT, AttendanceStatus.LATE}


class Attendance(models.Model):
    """Written by the join click (present or late) or by a person in the console (any
    status, with who and when). An invited student with no row after the end is absent:
    that is computed by the selectors, not stored."""

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="attendances"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendances"
    )
    status = models.CharField(_("status"), max_length=10, choices=AttendanceStatus.choices)
    joined_at = models.DateTimeField(_("joined"), null=True, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked by"),
    )
    marked_at = models.DateTimeField(_("marked"), null=True, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="attendance_unique")
        ]
        indexes = [models.Index(fields=["user", "status"])]

    def __str__(self) -> str:
        return f"{self.user} at {self.meeting}: {self.status}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A student's private iCalendar address. Revoking gives a new token; the old URL stops
    working at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(default=now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"Calendar of {self.user}"
