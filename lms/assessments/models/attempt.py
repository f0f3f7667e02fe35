"""A student's attempt: its own drawn questions in a frozen order, the answers saved one at
a time, the grade, and the proctoring events."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.assessments.models.assessment import Assessment
from lms.assessments.models.bank import Question


class AttemptStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")


class Attempt(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="attempts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessment_attempts"
    )
    number = models.PositiveSmallIntegerField(_("attempt"))
    status = models.CharField(
        _("status"), max_length=20, choices=AttemptStatus.choices, default=AttemptStatus.IN_PROGRESS
    )
    started_at = models.DateTimeField(_("started"))
    deadline = models.DateTimeField(
        _("deadline"), null=True, blank=True, help_text=_("min(start + time limit, close).")
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    auto_submitted = models.BooleanField(_("submitted at the deadline"), default=False)
    score = models.DecimalField(_("score"), max_digits=9, decimal_places=5, null=True, blank=True)
    max_score = models.DecimalField(_("out of"), max_digits=9, decimal_places=5, default=0)
    percent = models.DecimalField(_("percent"), max_digits=6, decimal_places=2, null=True)
    passed = models.BooleanField(_("passed"), null=True)
    flagged = models.BooleanField(_("flagged"), default=False, db_index=True)
    violation_count = models.PositiveIntegerField(_("proctoring events"), default=0)

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "user", "number"], name="assessments_attempt_number_once"
            ),
            # Two simultaneous "start" clicks open one attempt, not two.
            models.UniqueConstraint(
                fields=["assessment", "user"],
                condition=models.Q(status="in_progress"),
                name="assessments_one_open_attempt",
            ),
        ]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return f"{self.assessment} · {self.user} · #{self.number}"

    @property
    def is_open(self) -> bool:
        return self.status == AttemptStatus.IN_PROGRESS


class AttemptQuestion(models.Model):
    """A question drawn for one attempt, at its place, with its options' order frozen."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="questions")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField()
    option_order = models.JSONField(default=list)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question"], name="assessments_attempt_question_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}.{self.position}"


class Answer(models.Model):
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    option_ids = models.JSONField(default=list)
    score = models.DecimalField(max_digits=7, decimal_places=5, null=True, blank=True)
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="assessments_answer_once")
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}/{self.question_id}"


class ProctorEventKind(models.TextChoices):
    TAB_HIDDEN = "tab_hidden", _("Tab hidden")
    WINDOW_BLUR = "window_blur", _("Window lost focus")
    FULLSCREEN_EXIT = "fullscreen_exit", _("Left fullscreen")
    COPY = "copy", _("Copy")
    PASTE = "paste", _("Paste")
    FULLSCREEN_DENIED = "fullscreen_denied", _("Fullscreen refused")


class ProctorEvent(models.Model):
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="proctor_events")
    kind = models.CharField(_("event"), max_length=30, choices=ProctorEventKind.choices)
    occurred_at = models.DateTimeField(_("occurred (browser clock)"))
    received_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        verbose_name = _("proctoring event")
        verbose_name_plural = _("proctoring events")
        ordering = ["received_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_at:%H:%M:%S}"
