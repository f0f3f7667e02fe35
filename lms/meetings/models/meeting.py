"""A meeting (class, mock interview, live coding) and the weekly series it may belong to."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import F, Q
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def validate_join_url(value: str) -> None:
    """Any https URL (Zoom, Meet, Jitsi...). Plain http only to this machine, and only when
    LMS_MEETING_ALLOW_LOCAL_HTTP_LINKS is on (development and the browser tests)."""
    host = urlsplit(value).hostname or ""
    local_allowed = settings.LMS_MEETING_ALLOW_LOCAL_HTTP_LINKS and host in LOCAL_HOSTS
    schemes = ["https", "http"] if local_allowed else ["https"]
    try:
        URLValidator(schemes=schemes)(value)
    except ValidationError as error:
        raise ValidationError(
            _("Enter a link that starts with https://."), code="join_url_not_https"
        ) from error


class MeetingKind(models.TextChoices):
    CLASS = "class", _("Scheduled class")
    MOCK_INTERVIEW = "mock_interview", _("Mock interview")
    LIVE_CODING = "live_coding", _("Live coding")


class MeetingSeries(models.Model):
    """A weekly recurrence. Its occurrences are Meeting rows made ahead up to
    LMS_MEETING_SERIES_HORIZON_WEEKS (and never past `repeat_until`), so each can be moved or
    cancelled on its own; a daily task makes the next ones from the latest occurrence."""

    repeat_until = models.DateTimeField(_("repeat until"))
    materialized_until = models.DateTimeField(default=now)
    created_at = models.DateTimeField(default=now)

    class Meta:
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")

    def __str__(self) -> str:
        first = self.meetings.order_by("starts_at").first()
        return f"{first.title if first else self.pk} (weekly)"


class Meeting(models.Model):
    kind = models.CharField(
        _("kind"), max_length=20, choices=MeetingKind.choices, default=MeetingKind.CLASS
    )
    title = models.CharField(_("title"), max_length=200)
    agenda = models.TextField(_("agenda"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    join_url = models.URLField(_("join link"), max_length=500, validators=[validate_join_url])
    courses = models.ManyToManyField(
        "catalog.Course", blank=True, related_name="meetings", verbose_name=_("courses")
    )
    cohorts = models.ManyToManyField(
        "accounts.Cohort", blank=True, related_name="meetings", verbose_name=_("groups")
    )
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="meetings_invited",
        verbose_name=_("people"),
    )
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings_interviewing",
        limit_choices_to={"role__in": ["admin", "instructor"]},
        verbose_name=_("interviewer"),
    )
    series = models.ForeignKey(
        MeetingSeries,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meetings",
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=now, editable=False)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("A meeting must end after it starts."),
            )
        ]
        indexes = [
            models.Index(fields=["starts_at"]),
            models.Index(fields=["ends_at"]),
            models.Index(
                fields=["starts_at"],
                name="meeting_to_remind",
                condition=Q(reminded_at__isnull=True, cancelled_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d %H:%M})"

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A meeting must end after it starts.")})
        if self.kind == MeetingKind.MOCK_INTERVIEW and self.interviewer_id is None:
            raise ValidationError({"interviewer": _("A mock interview needs an interviewer.")})
