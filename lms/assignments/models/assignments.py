"""Assignments, who they target, and the students' submissions (one row per attempt, so the
history is kept) with their review."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.accounts.models import Cohort
from lms.assignments.models.files import attachment_path, submission_file_path, upload_validator
from lms.catalog.models import Course, Task
from lms.core.files import display_name


class LatePolicy(models.TextChoices):
    ACCEPT = "accept", _("Accept and mark late")
    CLOSE = "close", _("Close at the due date")


class Assignment(models.Model):
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="assignments")
    task = models.ForeignKey(
        Task,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assignments",
        limit_choices_to={"kind": "assignment"},
        help_text=_("The roadmap task this assignment completes when passed."),
    )
    title = models.CharField(_("title"), max_length=200)
    instructions = models.TextField(_("instructions"), blank=True, help_text=_("Rich text."))
    due_at = models.DateTimeField(_("due"))
    max_marks = models.PositiveIntegerField(
        _("maximum marks"), default=100, validators=[MinValueValidator(1)]
    )
    pass_marks = models.PositiveIntegerField(_("pass mark"), default=50)
    late_policy = models.CharField(
        _("late submissions"), max_length=10, choices=LatePolicy.choices, default=LatePolicy.ACCEPT
    )
    target_courses = models.ManyToManyField(
        Course, blank=True, related_name="+", verbose_name=_("students of courses")
    )
    target_cohorts = models.ManyToManyField(
        Cohort, blank=True, related_name="+", verbose_name=_("groups")
    )
    target_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("students")
    )
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["due_at", "pk"]
        indexes = [models.Index(fields=["archived_at", "due_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pass_marks__lte=models.F("max_marks")),
                name="assignment_pass_within_max",
            )
        ]

    def __str__(self) -> str:
        return self.title


class AssignmentAttachment(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(
        _("file"), upload_to=attachment_path, max_length=300, validators=[upload_validator]
    )
    # The name the file had on the uploader's computer, for display only (storage uses a
    # generated name).
    original_name = models.CharField(_("original name"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name or self.file.name.rsplit("/", 1)[-1]

    def save(self, *args, **kwargs) -> None:
        if self.file and not self.file._committed:
            self.original_name = display_name(self.file.name)
        super().save(*args, **kwargs)


class RubricCriterion(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="criteria")
    title = models.CharField(_("criterion"), max_length=200)
    max_points = models.PositiveIntegerField(_("points"), validators=[MinValueValidator(1)])
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("rubric criterion")
        verbose_name_plural = _("rubric")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.max_points})"


class Submission(models.Model):
    """One attempt. The latest attempt is the one reviewed; earlier ones are the history."""

    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="submissions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="submissions"
    )
    attempt = models.PositiveIntegerField(_("attempt"), default=1)
    text = models.TextField(_("answer"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"))
    is_late = models.BooleanField(_("late"), default=False)
    is_latest = models.BooleanField(_("latest attempt"), default=True)
    marks = models.PositiveIntegerField(_("marks"), null=True, blank=True)
    feedback = models.TextField(_("feedback"), blank=True)
    rubric_points = models.JSONField(_("rubric points"), default=dict, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "user", "attempt"], name="submission_unique_attempt"
            ),
            models.UniqueConstraint(
                fields=["assignment", "user"],
                condition=models.Q(is_latest=True),
                name="submission_one_latest",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "is_latest"]),
            models.Index(fields=["assignment", "is_latest", "reviewed_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} · {self.user} #{self.attempt}"

    @property
    def is_reviewed(self) -> bool:
        return self.reviewed_at is not None


class SubmissionFile(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(
        _("file"), upload_to=submission_file_path, max_length=300, validators=[upload_validator]
    )
    # The name the file had on the uploader's computer, for display only (storage uses a
    # generated name).
    original_name = models.CharField(_("original name"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("submitted file")
        verbose_name_plural = _("submitted files")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name or self.file.name.rsplit("/", 1)[-1]

    def save(self, *args, **kwargs) -> None:
        if self.file and not self.file._committed:
            self.original_name = display_name(self.file.name)
        super().save(*args, **kwargs)
