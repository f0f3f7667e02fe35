"""The points ledger, the rules that feed it, the level curve and badges.

Totals are always sums of `PointsEntry` rows: a correction is a new row, never an edit.
`PointsTotal` keeps those sums per person and board, written with the ledger rows.
An automatic award is identified by (source kind, source object, person); its first row is
revision 1 and each correction (a regrade) takes the next revision. The unique constraint on
(source kind, source object, person, revision) is what makes an award idempotent under
concurrency: two workers handling the same event both try revision N, one loses on the
constraint, reads the ledger again and finds nothing left to add.
"""

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _


class SourceKind(models.TextChoices):
    MEETING = "meeting", _("Meeting attended")
    ASSIGNMENT = "assignment", _("Assignment marks")
    QUIZ = "quiz", _("Quiz score")
    EXAM = "exam", _("Exam score")
    DAILY_WORK = "daily_work", _("Daily work")
    DAILY_STREAK = "daily_streak", _("Daily streak bonus")
    LESSON = "lesson", _("Lesson completed")
    COURSE = "course", _("Course completed")
    FORUM_ANSWER = "forum_answer", _("Accepted forum answer")
    MANUAL = "manual", _("Manual adjustment")


class RuleKind(models.TextChoices):
    MEETING_PRESENT = "meeting_present", _("Meeting: present")
    MEETING_LATE = "meeting_late", _("Meeting: late")
    ASSIGNMENT_MARKS = "assignment_marks", _("Assignment: full marks (scaled)")
    QUIZ_SCORE = "quiz_score", _("Quiz: 100% (scaled)")
    EXAM_SCORE = "exam_score", _("Exam: 100% (scaled)")
    DAILY_WORK_DAY = "daily_work_day", _("Daily work: each day")
    DAILY_STREAK_BONUS = "daily_streak_bonus", _("Daily work: streak bonus")
    LESSON_COMPLETED = "lesson_completed", _("Lesson completed")
    COURSE_COMPLETED = "course_completed", _("Course completed")
    FORUM_ANSWER_ACCEPTED = "forum_answer_accepted", _("Forum answer accepted")


class PointsRule(models.Model):
    """How many points an event is worth. Scaled kinds give `points` at 100% (full marks)
    and their share below. A streak bonus is given each time a daily-work streak reaches a
    multiple of `streak_days`. A changed rule affects new events only: each award keeps the
    value it was computed with (`PointsEntry.rule_points`)."""

    kind = models.CharField(_("kind"), max_length=30, choices=RuleKind.choices)
    points = models.IntegerField(_("points"))
    streak_days = models.PositiveIntegerField(
        _("streak days"),
        default=0,
        help_text=_("Streak bonus only: given each time the streak reaches a multiple of this."),
    )
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("points rule")
        verbose_name_plural = _("points rules")
        ordering = ["kind", "streak_days"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "streak_days"], name="points_rule_once"),
            models.CheckConstraint(
                condition=Q(kind="daily_streak_bonus", streak_days__gte=1)
                | (~Q(kind="daily_streak_bonus") & Q(streak_days=0)),
                name="points_rule_streak_days_for_bonus_only",
                violation_error_message=_(
                    "Streak days are set for a streak bonus (1 or more) and only for it."
                ),
            ),
        ]

    def __str__(self) -> str:
        label = self.get_kind_display()
        if self.streak_days:
            label = f"{label} ({self.streak_days})"
        return f"{label}: {self.points}"


class PointsEntry(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="points_entries",
        verbose_name=_("person"),
    )
    source_kind = models.CharField(_("source"), max_length=20, choices=SourceKind.choices)
    points = models.IntegerField(_("points"))
    reason = models.CharField(_("reason"), max_length=255)
    source_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    revision = models.PositiveSmallIntegerField(
        default=1, help_text=_("1 for an award, 2 and on for its corrections.")
    )
    rule_points = models.IntegerField(
        null=True, blank=True, help_text=_("The rule's value when the award was first made.")
    )
    course = models.ForeignKey(
        "catalog.Course",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("course"),
    )
    cohort = models.ForeignKey(
        "accounts.Cohort",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("group"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("when"), default=now)

    class Meta:
        verbose_name = _("points entry")
        verbose_name_plural = _("points ledger")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_kind", "source_type", "source_id", "user", "revision"],
                condition=Q(source_id__isnull=False),
                name="points_award_revision_once",
            ),
            models.CheckConstraint(
                condition=~Q(source_kind="manual") | Q(source_id__isnull=True),
                name="points_manual_has_no_source",
            ),
        ]
        indexes = [
            # Leaderboards: a time window over everyone (week, month) ...
            models.Index(fields=["created_at", "user", "points"], name="points_by_time"),
            # ... one person's history and all-time totals (also the group boards' join) ...
            models.Index(fields=["user", "created_at", "points"], name="points_by_person"),
            # ... and one course's board.
            models.Index(
                fields=["course", "created_at", "user", "points"], name="points_by_course"
            ),
            models.Index(
                fields=["source_kind", "-created_at"],
                name="points_manual_list",
                condition=Q(source_kind="manual"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.points:+d} {self.reason}"


class PointsPeriod(models.TextChoices):
    ALL = "all", _("All time")
    WEEK = "week", _("Week")
    MONTH = "month", _("Month")


class PointsTotal(models.Model):
    """A person's running total for one board: everyone (no course) or one course, over all
    time or one week or month (`period_start`: the local date it starts on in the academy's
    zone; a fixed date for all time). Kept by `services.ledger` in the transaction of every
    ledger write, so it always equals the sum of the ledger rows it covers;
    `points_totals_rebuild` derives the whole table from the ledger again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(
        "catalog.Course", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    period = models.CharField(max_length=5, choices=PointsPeriod.choices)
    period_start = models.DateField()
    points = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("points total")
        verbose_name_plural = _("points totals")
        constraints = [
            # The conflict targets of the upsert; also a person's own total (group boards).
            models.UniqueConstraint(
                fields=["user", "period", "period_start"],
                condition=Q(course__isnull=True),
                name="points_total_once",
            ),
            models.UniqueConstraint(
                fields=["user", "course", "period", "period_start"],
                condition=Q(course__isnull=False),
                name="points_total_once_per_course",
            ),
        ]
        indexes = [
            # A board read in rank order: everyone's, then one course's.
            models.Index(
                F("period"),
                F("period_start"),
                F("points").desc(),
                F("user"),
                condition=Q(course__isnull=True),
                name="points_total_board",
            ),
            models.Index(
                F("course"),
                F("period"),
                F("period_start"),
                F("points").desc(),
                F("user"),
                condition=Q(course__isnull=False),
                name="points_total_course_board",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.period} {self.period_start}: {self.points}"


class LevelCurve(models.Model):
    """One row (pk 1): XP needed for level n is base × (coefficient^(n−1) − 1) / (coefficient
    − 1), i.e. level 2 at `base`, and each step to the next level `coefficient` times the
    last plus `base` (Level Up XP's curve)."""

    base = models.PositiveIntegerField(_("base"), default=120, validators=[MinValueValidator(1)])
    coefficient = models.DecimalField(
        _("coefficient"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.3"),
        validators=[MinValueValidator(Decimal("1.01"))],
    )
    max_level = models.PositiveSmallIntegerField(
        _("highest level"), default=10, validators=[MinValueValidator(2)]
    )

    class Meta:
        verbose_name = _("level curve")
        verbose_name_plural = _("level curve")

    def __str__(self) -> str:
        return f"base {self.base}, ×{self.coefficient}, {self.max_level} levels"


class BadgeCriterion(models.TextChoices):
    POINTS = "points", _("Points reached")
    STREAK = "streak", _("Daily-work streak (days)")
    COURSES = "courses", _("Courses completed")
    PERFECT_QUIZ = "perfect_quiz", _("Perfect quiz or exam (100%)")
    ANSWERS_ACCEPTED = "answers_accepted", _("Forum answers accepted")


class Badge(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.CharField(_("description"), max_length=255, blank=True)
    criterion = models.CharField(_("criterion"), max_length=20, choices=BadgeCriterion.choices)
    threshold = models.PositiveIntegerField(
        _("threshold"), default=1, validators=[MinValueValidator(1)]
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=now, editable=False)

    class Meta:
        verbose_name = _("badge")
        verbose_name_plural = _("badges")
        ordering = ["criterion", "threshold"]

    def __str__(self) -> str:
        return self.name


class BadgeAward(models.Model):
    badge = models.ForeignKey(Badge, on_delete=models.CASCADE, related_name="awards")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="badge_awards"
    )
    awarded_at = models.DateTimeField(_("awarded"), default=now)

    class Meta:
        verbose_name = _("badge award")
        verbose_name_plural = _("badge awards")
        ordering = ["-awarded_at"]
        constraints = [
            models.UniqueConstraint(fields=["badge", "user"], name="badge_award_once"),
        ]

    def __str__(self) -> str:
        return f"{self.badge} → {self.user_id}"
