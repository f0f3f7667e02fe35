"""Feedback on a mock interview: ratings on criteria the admins define, and comments."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

RATING_MAX = 5


class FeedbackCriterion(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    position = models.PositiveIntegerField(default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("interview criterion")
        verbose_name_plural = _("interview criteria")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class InterviewFeedback(models.Model):
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="feedback"
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interview_feedback"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    comments = models.TextField(_("comments"), blank=True)
    updated_at = models.DateTimeField(default=now)

    class Meta:
        verbose_name = _("interview feedback")
        verbose_name_plural = _("interview feedback")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "student"], name="feedback_unique")
        ]

    def __str__(self) -> str:
        return f"{self.student} — {self.meeting}"


class FeedbackRating(models.Model):
    feedback = models.ForeignKey(
        InterviewFeedback, on_delete=models.CASCADE, related_name="ratings"
    )
    criterion = models.ForeignKey(FeedbackCriterion, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(RATING_MAX)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["feedback", "criterion"], name="rating_unique")
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"
