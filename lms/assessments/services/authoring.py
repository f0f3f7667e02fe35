"""Authoring assessments: their settings, fixed questions and draw rules, checked once here
for the console and the API alike."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.assessments.models import (
    Assessment,
    AssessmentKind,
    AssessmentQuestion,
    Category,
    DrawRule,
    Question,
)
from lms.catalog.models import Course, Task, TaskKind
from lms.catalog.services import course_can_edit
from lms.core.errors import ApplicationError, PermissionDeniedError

SETTINGS = (
    "title",
    "kind",
    "instructions",
    "shuffle_questions",
    "shuffle_options",
    "time_limit_minutes",
    "opens_at",
    "closes_at",
    "attempts_allowed",
    "pass_mark_percent",
    "negative_marking",
    "review_policy",
    "proctoring_enabled",
    "violation_threshold",
)


@dataclass(frozen=True)
class DrawRuleData:
    category: Category
    count: int
    difficulty: int | None = None


def assessment_check(*, assessment: Assessment) -> None:
    """The rules that tie an assessment to its course and task."""
    errors: dict[str, list[str]] = {}
    task: Task | None = assessment.task
    if task is not None:
        if task.lesson.module.course_id != assessment.course_id:
            errors["task"] = [_("The task belongs to another course.")]
        elif task.kind not in (TaskKind.QUIZ, TaskKind.EXAM):
            errors["task"] = [_("Attach a quiz or exam task.")]
        elif task.kind != assessment.kind:
            errors["kind"] = [_("The task is a %(kind)s.") % {"kind": task.get_kind_display()}]
    if assessment.opens_at and assessment.closes_at and assessment.closes_at <= assessment.opens_at:
        errors["closes_at"] = [_("Close after it opens.")]
    if assessment.kind == AssessmentKind.QUIZ and assessment.proctoring_enabled:
        errors["proctoring_enabled"] = [_("Proctoring is for exams.")]
    if errors:
        raise ApplicationError(_("Check the highlighted fields."), code="invalid", fields=errors)
    assessment.full_clean(exclude=["course", "task"])


def _questions_set(
    *, assessment: Assessment, question_ids: list[int] | None, draw_rules: list[DrawRuleData] | None
) -> None:
    if question_ids is not None:
        # A draft question is not usable until a person publishes it.
        found = set(
            Question.objects.filter(pk__in=question_ids, is_draft=False).values_list(
                "pk", flat=True
            )
        )
        missing = [pk for pk in question_ids if pk not in found]
        if missing:
            raise ApplicationError(
                _("Unknown or draft questions."),
                code="invalid",
                fields={"question_ids": [str(pk) for pk in missing]},
            )
        assessment.fixed_questions.all().delete()
        AssessmentQuestion.objects.bulk_create(
            AssessmentQuestion(assessment=assessment, question_id=pk, position=index)
            for index, pk in enumerate(dict.fromkeys(question_ids), start=1)
        )
    if draw_rules is not None:
        if any(rule.count < 1 for rule in draw_rules):
            raise ApplicationError(
                _("Draw at least one question per rule."),
                code="invalid",
                fields={"draw_rules": [_("count ≥ 1")]},
            )
        assessment.draw_rules.all().delete()
        DrawRule.objects.bulk_create(
            DrawRule(
                assessment=assessment,
                category=rule.category,
                count=rule.count,
                difficulty=rule.difficulty,
                position=index,
            )
            for index, rule in enumerate(draw_rules, start=1)
        )


def _require_edit(by: User | None, course: Course) -> None:
    if by is not None and not course_can_edit(user=by, course=course):
        raise PermissionDeniedError(
            _("You can only change courses you teach."), code="not_course_instructor"
        )


@transaction.atomic
def assessment_create(
    *,
    course: Course,
    by: User | None = None,
    task: Task | None,
    question_ids: list[int] | None = None,
    draw_rules: list[DrawRuleData] | None = None,
    **settings,
) -> Assessment:
    """A new quiz or exam of `course`, completing `task` when passed. With `by`, only
    someone who may edit the course."""
    _require_edit(by, course)
    unknown = set(settings) - set(SETTINGS)
    if unknown:
        raise TypeError(f"Unknown settings: {sorted(unknown)}")
    if task is not None and "kind" not in settings:
        settings["kind"] = task.kind
    assessment = Assessment(course=course, task=task, **settings)
    assessment_check(assessment=assessment)
    assessment.save()
    _questions_set(assessment=assessment, question_ids=question_ids, draw_rules=draw_rules)
    return assessment


@transaction.atomic
def assessment_update(
    *,
    assessment: Assessment,
    by: User | None = None,
    question_ids: list[int] | None = None,
    draw_rules: list[DrawRuleData] | None = None,
    **changes,
) -> Assessment:
    """Change some settings (those given), and replace the fixed questions or the draw
    rules when given. Attempts already started keep the questions they drew."""
    unknown = set(changes) - set(SETTINGS) - {"task", "course"}
    if unknown:
        raise TypeError(f"Unknown settings: {sorted(unknown)}")
    _require_edit(by, assessment.course)
    for name, value in changes.items():
        setattr(assessment, name, value)
    _require_edit(by, assessment.course)
    assessment_check(assessment=assessment)
    assessment.save()
    _questions_set(assessment=assessment, question_ids=question_ids, draw_rules=draw_rules)
    return assessment
