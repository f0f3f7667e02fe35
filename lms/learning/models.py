"""A student's way through a course: enrollments and completed tasks. Progress is derived
from completions, never stored beside them."""

from django.conf import settings
from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from lms.catalog.models import Course, Task


class EnrollmentSource(models.TextChoices):
    COUPON = "coupon", _("Coupon")
    PAYMENT = "payment", _("Payment")
    ADMIN = "admin", _("Admin")
    FREE = "free", _("Free")


class EnrollmentStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    REVOKED = "revoked", _("Revoked")


# Statuses that give access to the course's content.
ACCESS_STATUSES = {EnrollmentStatus.ACTIVE, EnrollmentStatus.COMPLETED}


class Enrollment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments"
    )
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrollments")
    source = models.CharField(_("source"), max_length=20, choices=EnrollmentSource.choices)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=EnrollmentStatus.choices,
        default=EnrollmentStatus.ACTIVE,
    )
    enrolled_at = models.DateTimeField(_("enrolled"), default=now)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        ordering = ["-enrolled_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="enrollment_unique_user_course")
        ]
        indexes = [
            models.Index(fields=["course", "status"]),
            models.Index(fields=["user", "status"]),
            models.Index(fields=["enrolled_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.course}"

    @property
    def gives_access(self) -> bool:
        return self.status in ACCESS_STATUSES


class TaskCompletion(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="task_completions"
    )
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="completions")
    completed_at = models.DateTimeField(default=now)

    class Meta:
        verbose_name = _("task completion")
        verbose_name_plural = _("task completions")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "task"], name="task_completion_unique_user_task"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ✓ {self.task}"


class LessonProgress(models.Model):
    """Where a student stopped in a lesson's video, so the player resumes there on any
    device. One row per student and lesson, overwritten as they watch."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress"
    )
    lesson = models.ForeignKey("catalog.Lesson", on_delete=models.CASCADE, related_name="progress")
    video_position_seconds = models.PositiveIntegerField(_("video position (seconds)"), default=0)
    video_duration_seconds = models.PositiveIntegerField(_("video duration (seconds)"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "lesson"], name="lesson_progress_unique_user_lesson"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.lesson}: {self.video_position_seconds}s"

    @property
    def watched_ratio(self) -> float:
        if not self.video_duration_seconds:
            return 0.0
        return min(1.0, self.video_position_seconds / self.video_duration_seconds)
