"""An assessment (quiz or exam): its questions (fixed and drawn), its rules, and the
allowances granted to one student."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.assessments.models.bank import Category, Difficulty, Question


class AssessmentKind(models.TextChoices):
    QUIZ = "quiz", _("Quiz")
    EXAM = "exam", _("Exam")


class ReviewPolicy(models.TextChoices):
    NEVER = "never", _("Never")
    AFTER_SUBMIT = "after_submit", _("After submitting")
    AFTER_CLOSE = "after_close", _("After the assessment closes")


class Assessment(models.Model):
    """One engine for quizzes and exams; they differ by policy. Attached to a course and to
    the roadmap task that a passed attempt completes."""

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=10, choices=AssessmentKind.choices, default=AssessmentKind.QUIZ
    )
    course = models.ForeignKey(
        "catalog.Course",
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("course"),
    )
    task = models.OneToOneField(
        "catalog.Task",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assessment",
        verbose_name=_("roadmap task"),
        help_text=_("The quiz or exam task that a passed attempt completes."),
    )
    instructions = models.TextField(_("instructions"), blank=True)
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=True)
    shuffle_options = models.BooleanField(_("shuffle options"), default=True)
    time_limit_minutes = models.PositiveIntegerField(
        _("time limit (minutes)"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=1, help_text=_("0: unlimited.")
    )
    pass_mark_percent = models.DecimalField(
        _("pass mark (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("50"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    negative_marking = models.BooleanField(
        _("negative marking"),
        default=False,
        help_text=_(
            "Negative option fractions take marks away (down to -1 per question); without it "
            "a question scores between 0 and 1."
        ),
    )
    review_policy = models.CharField(
        _("review"),
        max_length=20,
        choices=ReviewPolicy.choices,
        default=ReviewPolicy.AFTER_SUBMIT,
        help_text=_("When students see correct answers and explanations."),
    )
    proctoring_enabled = models.BooleanField(_("proctoring"), default=False)
    violation_threshold = models.PositiveSmallIntegerField(
        _("violation threshold"),
        default=3,
        help_text=_("Proctoring events after which the attempt is flagged for review."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["course", "title"]

    def __str__(self) -> str:
        return self.title


class AssessmentQuestion(models.Model):
    """A question every attempt gets."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="fixed_questions"
    )
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("fixed question")
        verbose_name_plural = _("fixed questions")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question"], name="assessments_fixed_question_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.question_id}"


class DrawRule(models.Model):
    """ "N questions at random from category C (and its subcategories) [of difficulty D]"."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="draw_rules")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    count = models.PositiveIntegerField(_("questions"), validators=[MinValueValidator(1)])
    difficulty = models.PositiveSmallIntegerField(
        _("difficulty"), choices=Difficulty.choices, null=True, blank=True
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("draw rule")
        verbose_name_plural = _("draw rules")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.count} × {self.category}"


class Allowance(models.Model):
    """Extra time or extra attempts granted to one student for one assessment."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="allowances")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessment_allowances"
    )
    extra_minutes = models.PositiveIntegerField(_("extra minutes"), default=0)
    extra_attempts = models.PositiveSmallIntegerField(_("extra attempts"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("allowance")
        verbose_name_plural = _("allowances")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "user"], name="assessments_allowance_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: +{self.extra_minutes} min, +{self.extra_attempts}"
