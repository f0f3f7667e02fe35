"""Automatic awards: what each event is worth, written to the ledger once per source object.

`points_award` is the one writer. It brings the ledger's total for (source kind, source
object, person) to a target: the first award is revision 1; when the target later changes
(a regrade, a better attempt) a correcting row with the next revision adds the difference;
when it has not changed (the same event delivered twice) nothing is written. Two workers
racing on one source both try the same revision: the unique constraint lets one in, the
other reads the ledger again and finds nothing left to add.

A rule's value is read once, at the first award, and kept on the row (`rule_points`); later
corrections of that award scale with the kept value, so a changed rule affects new events
only.
"""

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import Max, Sum
from django.utils.translation import gettext as _

from lms.assessments.models import Attempt, AttemptStatus
from lms.assignments import selectors as assignment_selectors
from lms.assignments.models import DailyEntry, Submission
from lms.catalog.models import Course, Lesson, Task
from lms.community.models import Post
from lms.gamification import selectors
from lms.gamification.models import PointsEntry, RuleKind, SourceKind
from lms.gamification.services.ledger import ledger_add
from lms.learning.grading import counted_kinds
from lms.learning.models import TaskCompletion
from lms.meetings.models import Meeting

RACE_RETRIES = 3


def scaled(rule_points: int, percent: Decimal) -> int:
    """`rule_points` at 100%, its share below (half up to the whole point)."""
    value = Decimal(rule_points) * Decimal(percent) / Decimal(100)
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def points_award(
    *,
    user_id: int,
    source_kind: str,
    source: models.Model,
    rule_kind: str,
    target: Callable[[int], int],
    reason: str,
    course_id: int | None = None,
    cohort_id: int | None = None,
    streak_days: int = 0,
) -> PointsEntry | None:
    """Make the ledger's total for (source_kind, source, person) equal `target(rule_points)`
    and return the row written, or None when nothing had to be (already there, or no active
    rule for a first award). Never writes the same award twice."""
    source_type = ContentType.objects.get_for_model(source)
    for _attempt in range(RACE_RETRIES):
        try:
            with transaction.atomic():
                return _award_once(
                    user_id=user_id,
                    source_kind=source_kind,
                    source_type=source_type,
                    source_id=source.pk,
                    rule_kind=rule_kind,
                    streak_days=streak_days,
                    target=target,
                    reason=reason,
                    course_id=course_id,
                    cohort_id=cohort_id,
                )
        except IntegrityError:
            continue  # another worker wrote this revision: read the ledger again
    return None


def _award_once(
    *, user_id, source_kind, source_type, source_id, rule_kind, streak_days, target, **row
) -> PointsEntry | None:
    rows = PointsEntry.objects.filter(
        user_id=user_id, source_kind=source_kind, source_type=source_type, source_id=source_id
    )
    state = rows.aggregate(total=Sum("points"), last=Max("revision"))
    if state["last"] is None:
        rule = selectors.rule_get(kind=rule_kind, streak_days=streak_days)
        if rule is None:
            return None
        rule_points = rule.points
    else:
        rule_points = rows.get(revision=1).rule_points or 0
    difference = target(rule_points) - (state["total"] or 0)
    if difference == 0:  # already awarded as it should be (or worth nothing)
        return None
    entry = PointsEntry(
        user_id=user_id,
        source_kind=source_kind,
        source_type=source_type,
        source_id=source_id,
        revision=(state["last"] or 0) + 1,
        rule_points=rule_points,
        points=difference,
        reason=row["reason"] if state["last"] is None else _("Correction: %(reason)s") % row,
        course_id=row["course_id"],
        cohort_id=row["cohort_id"],
    )
    ledger_add([entry])
    return entry


def meeting_points_award(*, meeting_id: int, user_id: int, status: str) -> PointsEntry | None:
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is None:
        return None
    rule_kind = RuleKind.MEETING_LATE if status == "late" else RuleKind.MEETING_PRESENT
    courses = list(meeting.courses.values_list("pk", flat=True)[:2])
    cohort_id = _only_cohort(meeting.cohorts, user_id=user_id)
    return points_award(
        user_id=user_id,
        source_kind=SourceKind.MEETING,
        source=meeting,
        rule_kind=rule_kind,
        target=lambda rule_points: rule_points,
        reason=_("Attended %(title)s") % {"title": meeting.title},
        course_id=courses[0] if len(courses) == 1 else None,
        cohort_id=cohort_id,
    )


def _only_cohort(cohorts: models.Manager, *, user_id: int) -> int | None:
    """The group an award came through, when the source targets exactly one of the person's
    groups (informational: group boards count every row of their members)."""
    mine = list(cohorts.filter(memberships__user_id=user_id).values_list("pk", flat=True)[:2])
    return mine[0] if len(mine) == 1 else None


def assessment_points_award(*, attempt_id: int) -> PointsEntry | None:
    """A quiz or exam is worth its rule scaled by the person's best graded attempt: a regrade
    or a better attempt corrects the award, a retry never adds a second one."""
    attempt = Attempt.objects.select_related("assessment").filter(pk=attempt_id).first()
    if attempt is None:
        return None
    assessment = attempt.assessment
    best = Attempt.objects.filter(
        assessment=assessment,
        user_id=attempt.user_id,
        status=AttemptStatus.SUBMITTED,
        percent__isnull=False,
    ).aggregate(best=Max("percent"))["best"]
    if best is None:
        return None
    is_exam = assessment.kind == "exam"
    return points_award(
        user_id=attempt.user_id,
        source_kind=SourceKind.EXAM if is_exam else SourceKind.QUIZ,
        source=assessment,
        rule_kind=RuleKind.EXAM_SCORE if is_exam else RuleKind.QUIZ_SCORE,
        target=lambda rule_points: scaled(rule_points, best),
        reason=_("%(title)s: %(percent)s%%") % {"title": assessment.title, "percent": best},
        course_id=assessment.course_id,
    )


def assignment_points_award(*, submission_id: int) -> PointsEntry | None:
    """An assignment is worth its rule scaled by the person's best reviewed marks."""
    submission = Submission.objects.select_related("assignment").filter(pk=submission_id).first()
    if submission is None:
        return None
    assignment = submission.assignment
    best = Submission.objects.filter(
        assignment=assignment, user_id=submission.user_id, marks__isnull=False
    ).aggregate(best=Max("marks"))["best"]
    if best is None or not assignment.max_marks:
        return None
    percent = Decimal(best) * 100 / Decimal(assignment.max_marks)
    return points_award(
        user_id=submission.user_id,
        source_kind=SourceKind.ASSIGNMENT,
        source=assignment,
        rule_kind=RuleKind.ASSIGNMENT_MARKS,
        target=lambda rule_points: scaled(rule_points, percent),
        reason=_("%(title)s: %(marks)s/%(max)s")
        % {"title": assignment.title, "marks": best, "max": assignment.max_marks},
        course_id=assignment.course_id,
        cohort_id=_only_cohort(assignment.target_cohorts, user_id=submission.user_id),
    )


def daily_work_points_award(*, entry_id: int) -> list[PointsEntry]:
    """The day's points, and the streak bonuses whose length the streak ending that day
    reaches (a multiple of the rule's days)."""
    entry = DailyEntry.objects.filter(pk=entry_id).first()
    if entry is None:
        return []
    written = [
        points_award(
            user_id=entry.user_id,
            source_kind=SourceKind.DAILY_WORK,
            source=entry,
            rule_kind=RuleKind.DAILY_WORK_DAY,
            target=lambda rule_points: rule_points,
            reason=_("Daily work on %(day)s") % {"day": entry.local_date.isoformat()},
        )
    ]
    dates = DailyEntry.objects.filter(user_id=entry.user_id, local_date__lte=entry.local_date)
    streak = assignment_selectors.streak_from_dates(
        dates.values_list("local_date", flat=True), today=entry.local_date
    ).current
    for rule in selectors.streak_rules():
        if streak % rule.streak_days:
            continue
        written.append(
            points_award(
                user_id=entry.user_id,
                source_kind=SourceKind.DAILY_STREAK,
                source=entry,
                rule_kind=RuleKind.DAILY_STREAK_BONUS,
                streak_days=rule.streak_days,
                target=lambda rule_points: rule_points,
                reason=_("%(days)s-day streak") % {"days": streak},
            )
        )
        break  # one bonus per day: the rules are checked longest streak first
    return [row for row in written if row is not None]


def lesson_points_award(*, user_id: int, task_id: int) -> PointsEntry | None:
    """Points for a lesson once every counted task of it is done."""
    task = Task.objects.select_related("lesson__module").filter(pk=task_id).first()
    if task is None:
        return None
    lesson: Lesson = task.lesson
    counted = Task.objects.filter(lesson=lesson, kind__in=counted_kinds())
    done = TaskCompletion.objects.filter(user_id=user_id, task__in=counted).count()
    if done < counted.count():
        return None
    return points_award(
        user_id=user_id,
        source_kind=SourceKind.LESSON,
        source=lesson,
        rule_kind=RuleKind.LESSON_COMPLETED,
        target=lambda rule_points: rule_points,
        reason=_("Completed the lesson %(title)s") % {"title": lesson.title},
        course_id=lesson.module.course_id,
    )


def course_points_award(*, user_id: int, course_id: int) -> PointsEntry | None:
    course = Course.objects.filter(pk=course_id).first()
    if course is None:
        return None
    return points_award(
        user_id=user_id,
        source_kind=SourceKind.COURSE,
        source=course,
        rule_kind=RuleKind.COURSE_COMPLETED,
        target=lambda rule_points: rule_points,
        reason=_("Completed the course %(title)s") % {"title": course.title},
        course_id=course.pk,
    )


def forum_answer_points_award(*, answer_id: int, xp: int = 0) -> PointsEntry | None:
    """An accepted answer earns its author the rule's points plus the XP the asker awarded
    (0–10), once per answer."""
    answer = Post.objects.select_related("thread").filter(pk=answer_id).first()
    if answer is None:
        return None
    return points_award(
        user_id=answer.author_id,
        source_kind=SourceKind.FORUM_ANSWER,
        source=answer,
        rule_kind=RuleKind.FORUM_ANSWER_ACCEPTED,
        target=lambda rule_points: rule_points + max(0, xp),
        reason=_("Answer accepted: %(title)s") % {"title": answer.thread.title},
        course_id=answer.thread.course_id,
    )
