"""Reads of the assessments context: a student's attempt as they may see it (never the
answers before the review policy allows), the bank by category, results and item analysis
for staff."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Window
from django.utils import timezone

from lms.accounts.models import User
from lms.assessments.models import (
    Answer,
    Assessment,
    Attempt,
    AttemptQuestion,
    AttemptStatus,
    Category,
    Option,
    Question,
    ReviewPolicy,
)
from lms.core.prepared import PreparedValues
from lms.learning.models import EnrollmentStatus


def attempt_get_for_user(*, attempt_id: int, user: User) -> Attempt:
    """The attempt if it is `user`'s own; Attempt.DoesNotExist otherwise (a 404: another
    student's attempt is not acknowledged)."""
    return Attempt.objects.select_related("assessment", "assessment__task").get(
        pk=attempt_id, user=user
    )


def assessment_for_task(*, task_id: int) -> Assessment:
    # `task__pk`, not `task_id`: an id past any row is no row (tests/test_ids_out_of_range.py).
    return Assessment.objects.select_related("course", "task").get(task__pk=task_id)


def review_allowed(*, attempt: Attempt, now: datetime | None = None) -> bool:
    """May the student see correct answers, fractions and explanations now?"""
    if attempt.status != AttemptStatus.SUBMITTED:
        return False
    policy = attempt.assessment.review_policy
    if policy == ReviewPolicy.AFTER_SUBMIT:
        return True
    if policy == ReviewPolicy.AFTER_CLOSE:
        closes_at = attempt.assessment.closes_at
        return closes_at is not None and (now or timezone.now()) >= closes_at
    return False


@dataclass
class OptionView:
    id: int
    text: str
    chosen: bool
    fraction: Decimal | None = None  # only in review
    feedback: str = ""


@dataclass
class QuestionView:
    id: int
    position: int
    kind: str
    text: str
    options: list[OptionView]
    answered: bool
    score: Decimal | None = None  # only in review
    explanation: str = ""


@dataclass
class AttemptView:
    attempt: Attempt
    questions: list[QuestionView] = field(default_factory=list)
    review: bool = False

    @property
    def answered_count(self) -> int:
        return sum(1 for question in self.questions if question.answered)


def attempt_view_get(*, attempt: Attempt) -> AttemptView:
    """The attempt's questions in its frozen order, options in their frozen order, with the
    student's saved choices. Fractions, feedback, scores and explanations are filled in only
    when `review_allowed`: what is not loaded cannot leak. Three queries."""
    review = review_allowed(attempt=attempt)
    slots = list(
        AttemptQuestion.objects.filter(attempt=attempt)
        .select_related("question")
        .order_by("position")
    )
    question_ids = [slot.question_id for slot in slots]
    options = {option.pk: option for option in Option.objects.filter(question_id__in=question_ids)}
    answers = {answer.question_id: answer for answer in Answer.objects.filter(attempt=attempt)}
    view = AttemptView(attempt=attempt, review=review)
    for slot in slots:
        answer = answers.get(slot.question_id)
        chosen = set(answer.option_ids) if answer else set()
        question: Question = slot.question
        view.questions.append(
            QuestionView(
                id=question.pk,
                position=slot.position,
                kind=question.kind,
                text=question.text,
                answered=bool(chosen),
                options=[
                    OptionView(
                        id=pk,
                        text=options[pk].text,
                        chosen=pk in chosen,
                        fraction=options[pk].fraction if review else None,
                        feedback=options[pk].feedback if review else "",
                    )
                    for pk in slot.option_order
                    if pk in options
                ],
                score=(answer.score if answer else Decimal("0")) if review else None,
                explanation=question.explanation if review else "",
            )
        )
    return view


def attempts_for_user(*, user: User, assessment: Assessment) -> QuerySet[Attempt]:
    return Attempt.objects.filter(user=user, assessment=assessment).order_by("-number")


def questions_in_category(*, category: Category | None) -> QuerySet[Question]:
    """The bank, or one category's subtree, with options and tags loaded."""
    queryset = Question.objects.select_related("category").prefetch_related("options", "tags")
    if category is not None:
        queryset = queryset.filter(category.subtree_filter("category__"))
    return queryset.order_by("category__path", "pk")


# --- Results for staff ----------------------------------------------------------------------


@dataclass
class ItemStats:
    question: Question
    attempts: int
    percent_correct: Decimal  # share of attempts that earned the full mark
    mean_score: Decimal
    discrimination: Decimal | None  # upper 27 % minus lower 27 %; None with too few attempts


@dataclass
class Results:
    assessment: Assessment
    attempts: list[Attempt]
    distribution: list[tuple[str, int]]  # ("0–9 %", n) … ("90–100 %", n)
    items: list[ItemStats]

    @property
    def mean_percent(self) -> Decimal | None:
        if not self.attempts:
            return None
        total = sum((attempt.percent or Decimal("0") for attempt in self.attempts), Decimal("0"))
        return (total / len(self.attempts)).quantize(Decimal("0.01"))

    @property
    def passed_count(self) -> int:
        return sum(1 for attempt in self.attempts if attempt.passed)


def assessment_results_get(*, assessment: Assessment) -> Results:
    """Submitted attempts with their scores, the distribution of percents in tenths, and per
    question: attempts, % correct, mean score and the discrimination index (the % correct
    of the best 27 % of attempts minus that of the weakest 27 %: near zero or negative marks
    a question that does not separate strong from weak students, often a wrong key). Four
    queries."""
    attempts = list(
        Attempt.objects.filter(assessment=assessment, status=AttemptStatus.SUBMITTED)
        .select_related("user")
        .order_by("-percent", "pk")
    )
    buckets = [0] * 10
    for attempt in attempts:
        buckets[min(int((attempt.percent or 0) // 10), 9)] += 1
    distribution = [
        (f"{index * 10}–{index * 10 + 9 if index < 9 else 100} %", count)
        for index, count in enumerate(buckets)
    ]
    attempt_ids = [attempt.pk for attempt in attempts]
    asked: dict[int, list[int]] = {}
    for attempt_id, question_id in AttemptQuestion.objects.filter(
        attempt_id__in=attempt_ids
    ).values_list("attempt_id", "question_id"):
        asked.setdefault(question_id, []).append(attempt_id)
    scores = {
        (attempt_id, question_id): score or Decimal("0")
        for attempt_id, question_id, score in Answer.objects.filter(
            attempt_id__in=attempt_ids
        ).values_list("attempt_id", "question_id", "score")
    }
    group = max(1, round(len(attempts) * 0.27)) if len(attempts) >= 4 else 0
    upper = {attempt.pk for attempt in attempts[:group]}
    lower = {attempt.pk for attempt in attempts[-group:]} if group else set()
    questions = Question.objects.in_bulk(list(asked))

    def share(ids) -> Decimal:
        ids = list(ids)
        if not ids:
            return Decimal("0")
        full = sum(1 for pk in ids if scores.get(pk, Decimal("0")) >= 1)
        return Decimal(full) / Decimal(len(ids))

    items = []
    for question_id, ids in asked.items():
        keys = [(attempt_id, question_id) for attempt_id in ids]
        upper_keys = [key for key in keys if key[0] in upper]
        lower_keys = [key for key in keys if key[0] in lower]
        mean = sum((scores.get(key, Decimal("0")) for key in keys), Decimal("0")) / len(keys)
        items.append(
            ItemStats(
                question=questions[question_id],
                attempts=len(keys),
                percent_correct=(share(keys) * 100).quantize(Decimal("0.1")),
                mean_score=mean.quantize(Decimal("0.01")),
                discrimination=(share(upper_keys) - share(lower_keys)).quantize(Decimal("0.01"))
                if group and upper_keys and lower_keys
                else None,
            )
        )
    items.sort(key=lambda item: (item.discrimination is None, item.discrimination or 0))
    return Results(assessment=assessment, attempts=attempts, distribution=distribution, items=items)


# --- Dashboard panels ---------------------------------------------------------------------


def _pending_assessments_query(*, user_id: int, now: datetime) -> QuerySet:
    pending = (
        Assessment.objects.filter(
            task__isnull=False,
            course__enrollments__user_id=user_id,
            course__enrollments__status=EnrollmentStatus.ACTIVE,
        )
        .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now))
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        .exclude(
            Exists(
                Attempt.objects.filter(
                    assessment_id=OuterRef("pk"), user_id=user_id, status=AttemptStatus.SUBMITTED
                )
            )
        )
    )
    return (
        pending.order_by(F("closes_at").asc(nulls_last=True), "pk")
        .annotate(total=Window(Count("pk")))
        .values("pk", "title", "kind", "closes_at", "task_id", "course__slug", "total")[
            :PENDING_ON_DASHBOARD
        ]
    )


PENDING_ON_DASHBOARD = 5
_pending_assessments = PreparedValues(_pending_assessments_query, user_id=int, now=datetime)


def pending_assessments_get(
    *, user: User, limit: int = PENDING_ON_DASHBOARD, now: datetime | None = None
) -> tuple[int, list[dict]]:
    """Quizzes and exams on the roadmap of the student's active courses that are open now and
    that they have not submitted an attempt at (closing soonest first, the first `limit`, at
    most five), and how many there are, in one query (a window count; its SQL built once
    per process)."""
    now = now or timezone.now()
    rows = _pending_assessments.rows(user_id=user.pk, now=now)[:limit]
    count = rows[0]["total"] if rows else 0
    return count, [
        {
            "id": row["pk"],
            "title": row["title"],
            "kind": row["kind"],
            "closes_at": row["closes_at"],
            "task_id": row["task_id"],
            "course_slug": row["course__slug"],
        }
        for row in rows
    ]
