"""Taking an assessment: start (draw and freeze the questions, set the server deadline),
save answers one at a time, submit (grade once), auto-submit at the deadline, proctoring
events, regrading and allowances. Every rule is enforced here; faces only show the answer."""

import contextlib
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.assessments.events import AttemptGraded
from lms.assessments.grading import QuestionInput, attempt_grade
from lms.assessments.models import (
    Allowance,
    Answer,
    Assessment,
    AssessmentQuestion,
    Attempt,
    AttemptQuestion,
    AttemptStatus,
    DrawRule,
    Option,
    ProctorEvent,
    Question,
    QuestionKind,
)
from lms.audit.services import audit_record
from lms.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from lms.core.events import publish
from lms.learning.selectors import lesson_access_check, roadmap_get
from lms.learning.services import task_complete_graded

_random = random.SystemRandom()


# --- Start ----------------------------------------------------------------------------------


def _study_access_check(*, user: User, assessment: Assessment) -> None:
    """Only an enrolled student who has reached the task's lesson may sit it."""
    if assessment.task_id:
        access = lesson_access_check(user=user, lesson=assessment.task.lesson)
        roadmap = access.roadmap
    else:
        roadmap = roadmap_get(user=user, course=assessment.course)
        roadmap.deny()
    if not roadmap.records_progress:
        raise PermissionDeniedError(
            _("Only enrolled students can take this %(kind)s.")
            % {"kind": assessment.get_kind_display().lower()},
            code="not_enrolled",
        )


def _window_check(*, assessment: Assessment, now: datetime) -> None:
    if assessment.opens_at and now < assessment.opens_at:
        raise ConflictError(_("This assessment is not open yet."), code="not_open")
    if assessment.closes_at and now >= assessment.closes_at:
        raise ConflictError(_("This assessment is closed."), code="closed")


def draw_questions(*, assessment: Assessment, rng: random.Random = _random) -> list[int]:
    """The question ids of one attempt, in order: the fixed questions and, per draw rule, N
    taken at random from its category's subtree (at its difficulty), never twice. One query
    for the fixed questions, one for the rules, one per rule, whatever the bank's size."""
    chosen = list(
        AssessmentQuestion.objects.filter(assessment=assessment)
        .order_by("position", "pk")
        .values_list("question_id", flat=True)
    )
    taken = set(chosen)
    for rule in DrawRule.objects.filter(assessment=assessment).select_related("category"):
        pool = Question.objects.filter(rule.category.subtree_filter("category__"), is_draft=False)
        if rule.difficulty:
            pool = pool.filter(difficulty=rule.difficulty)
        candidates = [pk for pk in pool.values_list("pk", flat=True) if pk not in taken]
        if len(candidates) < rule.count:
            raise ApplicationError(
                _("“%(category)s” has %(available)s questions left to draw; %(count)s needed.")
                % {"category": rule.category, "available": len(candidates), "count": rule.count},
                code="not_enough_questions",
            )
        drawn = rng.sample(candidates, rule.count)
        chosen.extend(drawn)
        taken.update(drawn)
    if assessment.shuffle_questions:
        rng.shuffle(chosen)
    return chosen


def _option_orders(
    *, assessment: Assessment, question_ids: list[int], rng: random.Random
) -> dict[int, list[int]]:
    rows = (
        Option.objects.filter(question_id__in=question_ids)
        .order_by("position", "pk")
        .values_list("question_id", "pk", "question__kind")
    )
    orders: dict[int, list[int]] = defaultdict(list)
    kinds: dict[int, str] = {}
    for question_id, option_id, kind in rows:
        orders[question_id].append(option_id)
        kinds[question_id] = kind
    if assessment.shuffle_options:
        for question_id, options in orders.items():
            if kinds[question_id] != QuestionKind.TRUE_FALSE:
                rng.shuffle(options)
    return orders


def attempt_deadline(
    *, assessment: Assessment, started_at: datetime, extra_minutes: int = 0
) -> datetime | None:
    """min(start + time limit (+ extra time), close time); None when neither applies."""
    limits = []
    if assessment.time_limit_minutes:
        minutes = assessment.time_limit_minutes + extra_minutes
        limits.append(started_at + timedelta(minutes=minutes))
    if assessment.closes_at:
        limits.append(assessment.closes_at)
    return min(limits) if limits else None


def _auto_submit_schedule(attempt: Attempt) -> None:
    if attempt.deadline is None:
        return
    from lms.assessments.tasks import attempt_submit_due

    attempt_id, eta = attempt.pk, attempt.deadline
    transaction.on_commit(lambda: attempt_submit_due.schedule(args=(attempt_id,), eta=eta))


@transaction.atomic
def attempt_start(*, user: User, assessment: Assessment, rng: random.Random = _random) -> Attempt:
    """Open an attempt for `user`, or return the one already open (a second click, another
    device). Its questions and their options' order are drawn now and frozen; its deadline
    is the server's, and a job submits it then. Refused (with the reason) outside the
    window, past the attempts allowed, or to someone who may not study the task."""
    now = timezone.now()
    _study_access_check(user=user, assessment=assessment)
    current = Attempt.objects.filter(
        assessment=assessment, user=user, status=AttemptStatus.IN_PROGRESS
    ).first()
    if current is not None:
        if not _is_overdue(current, now):
            return current
        current = _locked(current.pk)
        if current.is_open:
            _submit_locked(attempt=current, now=now, auto=True)
    _window_check(assessment=assessment, now=now)
    allowance = Allowance.objects.filter(assessment=assessment, user=user).first()
    used = Attempt.objects.filter(assessment=assessment, user=user).aggregate(
        count=Count("pk"), last=Max("number")
    )
    allowed = assessment.attempts_allowed + (allowance.extra_attempts if allowance else 0)
    if assessment.attempts_allowed and used["count"] >= allowed:
        raise ConflictError(_("You have used every attempt allowed."), code="no_attempts_left")

    question_ids = draw_questions(assessment=assessment, rng=rng)
    if not question_ids:
        raise ApplicationError(_("This assessment has no questions yet."), code="no_questions")
    orders = _option_orders(assessment=assessment, question_ids=question_ids, rng=rng)
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                assessment=assessment,
                user=user,
                number=(used["last"] or 0) + 1,
                started_at=now,
                deadline=attempt_deadline(
                    assessment=assessment,
                    started_at=now,
                    extra_minutes=allowance.extra_minutes if allowance else 0,
                ),
            )
    except IntegrityError:  # a simultaneous start opened it first
        return Attempt.objects.get(
            assessment=assessment, user=user, status=AttemptStatus.IN_PROGRESS
        )
    AttemptQuestion.objects.bulk_create(
        AttemptQuestion(
            attempt=attempt, question_id=pk, position=index, option_order=orders.get(pk, [])
        )
        for index, pk in enumerate(question_ids, start=1)
    )
    _auto_submit_schedule(attempt)
    return attempt


# --- Answers --------------------------------------------------------------------------------


def _is_overdue(attempt: Attempt, now: datetime) -> bool:
    return attempt.deadline is not None and now > attempt.deadline


def _locked(attempt_id: int) -> Attempt:
    return (
        Attempt.objects.select_for_update(of=("self",))
        .select_related("assessment", "assessment__task")
        .get(pk=attempt_id)
    )


def _deadline_error() -> ConflictError:
    return ConflictError(
        _("Time is up: this attempt was submitted with the answers saved before the deadline."),
        code="deadline_passed",
    )


def answer_save(*, attempt: Attempt, question_id: int, option_ids: list[int]) -> Answer:
    """Save (or replace) the answer to one question of an open attempt. Refused with a 409
    once the attempt is submitted or its deadline has passed; in the latter case the attempt
    is submitted first with what was saved."""
    with transaction.atomic():
        locked = _locked(attempt.pk)
        if not locked.is_open:
            raise ConflictError(_("This attempt is already submitted."), code="attempt_submitted")
        overdue = _is_overdue(locked, timezone.now())
        if not overdue:
            return _answer_write(attempt=locked, question_id=question_id, option_ids=option_ids)
    attempt_submit(attempt=attempt, auto=True)
    raise _deadline_error()


def _answer_write(*, attempt: Attempt, question_id: int, option_ids: list[int]) -> Answer:
    slot = (
        AttemptQuestion.objects.filter(attempt=attempt, question_id=question_id)
        .select_related("question")
        .first()
    )
    if slot is None:
        raise ApplicationError(
            _("This question is not part of the attempt."), code="not_found", status=404
        )
    chosen = list(dict.fromkeys(int(pk) for pk in option_ids))
    if any(pk not in slot.option_order for pk in chosen):
        raise ApplicationError(
            _("Choose among this question’s options."),
            code="invalid",
            fields={"option_ids": [_("Unknown option.")]},
        )
    if slot.question.is_single_answer and len(chosen) > 1:
        raise ApplicationError(
            _("Choose one option."), code="invalid", fields={"option_ids": [_("One only.")]}
        )
    answer, _created = Answer.objects.update_or_create(
        attempt=attempt, question_id=question_id, defaults={"option_ids": chosen, "score": None}
    )
    return answer


# --- Submit and grade -----------------------------------------------------------------------


def _grade(attempt: Attempt) -> None:
    """Grade `attempt` from its saved answers (pure function in grading.py) and store the
    per-answer scores. The question marks are 1 each."""
    question_ids = list(attempt.questions.values_list("question_id", flat=True))
    fractions: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for question_id, option_id, fraction in Option.objects.filter(
        question_id__in=question_ids
    ).values_list("question_id", "pk", "fraction"):
        fractions[question_id][option_id] = fraction
    answers = {answer.question_id: answer for answer in attempt.answers.all()}
    assessment = attempt.assessment
    grade = attempt_grade(
        questions=[
            QuestionInput(
                fractions=fractions[pk],
                chosen=answers[pk].option_ids if pk in answers else [],
            )
            for pk in question_ids
        ],
        negative_marking=assessment.negative_marking,
        pass_mark_percent=assessment.pass_mark_percent,
    )
    for pk, score in zip(question_ids, grade.question_scores, strict=True):
        if pk in answers:
            answers[pk].score = score
    Answer.objects.bulk_update(answers.values(), ["score"])
    attempt.score, attempt.max_score = grade.score, grade.max_score
    attempt.percent, attempt.passed = grade.percent, grade.passed


def _task_complete_on_pass(attempt: Attempt) -> None:
    task = attempt.assessment.task
    if not (attempt.passed and task is not None):
        return
    # The grade stands even when the task cannot be recorded (enrollment revoked, the
    # task's kind changed); staff see the attempt in the results.
    with contextlib.suppress(ApplicationError, ValueError):
        task_complete_graded(user=attempt.user, task=task, source=attempt.assessment.kind)


def _submit_locked(*, attempt: Attempt, now: datetime, auto: bool) -> Attempt:
    _grade(attempt)
    attempt.status = AttemptStatus.SUBMITTED
    attempt.auto_submitted = auto
    attempt.submitted_at = min(now, attempt.deadline) if attempt.deadline else now
    attempt.save(
        update_fields=[
            "status",
            "auto_submitted",
            "submitted_at",
            "score",
            "max_score",
            "percent",
            "passed",
        ]
    )
    _task_complete_on_pass(attempt)
    publish(
        AttemptGraded(
            attempt_id=attempt.pk,
            assessment_id=attempt.assessment_id,
            user_id=attempt.user_id,
            percent=str(attempt.percent),
            passed=bool(attempt.passed),
        )
    )
    return attempt


@transaction.atomic
def attempt_submit(*, attempt: Attempt, auto: bool = False) -> Attempt:
    """Grade the attempt with its saved answers, once: the row is locked, and a second
    submit (a double click, the deadline job racing the student) returns the graded attempt
    unchanged. A pass completes the roadmap task (learning's task_complete_graded) and every
    grade publishes AttemptGraded."""
    locked = _locked(attempt.pk)
    if not locked.is_open:
        return locked
    return _submit_locked(attempt=locked, now=timezone.now(), auto=auto)


def attempt_submit_if_due(*, attempt_id: int) -> Attempt | None:
    """Submit an attempt whose deadline has passed (the deadline job, and any later access).
    Returns the attempt, submitted or not; None if it no longer exists."""
    attempt = Attempt.objects.filter(pk=attempt_id).first()
    if attempt is None or not attempt.is_open or not _is_overdue(attempt, timezone.now()):
        return attempt
    return attempt_submit(attempt=attempt, auto=True)


def attempts_submit_overdue() -> int:
    """Safety net run every minute: submit every open attempt past its deadline."""
    overdue = Attempt.objects.filter(
        status=AttemptStatus.IN_PROGRESS, deadline__lt=timezone.now()
    ).values_list("pk", flat=True)
    return sum(1 for pk in list(overdue) if attempt_submit_if_due(attempt_id=pk))


# --- Proctoring -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ProctorResult:
    event: ProctorEvent
    violation_count: int
    flagged: bool


@transaction.atomic
def proctor_event_record(*, attempt: Attempt, kind: str, occurred_at: datetime) -> ProctorResult:
    """Log one proctoring event of an open, proctored attempt. Past the assessment's
    threshold the attempt is flagged for staff to review: never failed by this alone."""
    locked = _locked(attempt.pk)
    if not locked.assessment.proctoring_enabled:
        raise ConflictError(_("This assessment is not proctored."), code="not_proctored")
    if not locked.is_open:
        raise ConflictError(_("This attempt is already submitted."), code="attempt_submitted")
    now = timezone.now()
    # The browser's clock may be wrong; keep its time only within the attempt's span.
    occurred_at = min(max(occurred_at, locked.started_at), now)
    event = ProctorEvent.objects.create(attempt=locked, kind=kind, occurred_at=occurred_at)
    locked.violation_count += 1
    if locked.violation_count >= locked.assessment.violation_threshold:
        locked.flagged = True
    locked.save(update_fields=["violation_count", "flagged"])
    return ProctorResult(
        event=event, violation_count=locked.violation_count, flagged=locked.flagged
    )


# --- Staff ----------------------------------------------------------------------------------


def assessment_regrade(
    *, assessment: Assessment, acting_user: User | None = None, request: HttpRequest | None = None
) -> int:
    """Grade every submitted attempt again (after a question was fixed), one transaction
    per attempt, each with its audit entry (old and new score). A newly passed attempt
    completes its task; a pass is never taken back from the roadmap. Returns the number of
    attempts regraded."""
    count = 0
    ids = list(
        assessment.attempts.filter(status=AttemptStatus.SUBMITTED).values_list("pk", flat=True)
    )
    for pk in ids:
        with transaction.atomic():
            attempt = _locked(pk)
            before = {"score": attempt.score, "percent": attempt.percent, "passed": attempt.passed}
            _grade(attempt)
            attempt.save(update_fields=["score", "max_score", "percent", "passed"])
            audit_record(
                actor=acting_user,
                action="attempt.regrade",
                target=attempt,
                request=request,
                changes={name: [old, getattr(attempt, name)] for name, old in before.items()},
            )
            _task_complete_on_pass(attempt)
            publish(
                AttemptGraded(
                    attempt_id=attempt.pk,
                    assessment_id=attempt.assessment_id,
                    user_id=attempt.user_id,
                    percent=str(attempt.percent),
                    passed=bool(attempt.passed),
                    regraded=True,
                )
            )
            count += 1
    return count


@transaction.atomic
def allowance_grant(
    *,
    assessment: Assessment,
    user: User,
    extra_minutes: int = 0,
    extra_attempts: int = 0,
    acting_user: User | None = None,
    request: HttpRequest | None = None,
) -> Allowance:
    """Give one student extra time and/or extra attempts (added to what they had). An open
    attempt gets its deadline moved at once."""
    if extra_minutes < 0 or extra_attempts < 0 or not (extra_minutes or extra_attempts):
        raise ApplicationError(_("Give some extra minutes or attempts."), code="invalid")
    allowance, _created = Allowance.objects.select_for_update().get_or_create(
        assessment=assessment, user=user
    )
    allowance.extra_minutes += extra_minutes
    allowance.extra_attempts += extra_attempts
    allowance.save(update_fields=["extra_minutes", "extra_attempts", "updated_at"])
    audit_record(
        actor=acting_user,
        action="allowance.grant",
        target=allowance,
        request=request,
        changes={
            "user": user.pk,
            "extra_minutes": [allowance.extra_minutes - extra_minutes, allowance.extra_minutes],
            "extra_attempts": [
                allowance.extra_attempts - extra_attempts,
                allowance.extra_attempts,
            ],
        },
    )
    current = (
        Attempt.objects.select_for_update()
        .filter(assessment=assessment, user=user, status=AttemptStatus.IN_PROGRESS)
        .first()
    )
    if current is not None and extra_minutes:
        current.deadline = attempt_deadline(
            assessment=assessment,
            started_at=current.started_at,
            extra_minutes=allowance.extra_minutes,
        )
        current.save(update_fields=["deadline"])
        _auto_submit_schedule(current)
    return allowance
