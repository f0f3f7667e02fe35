"""Reads of the assessments context: a student's attempt as they may see it (never the
answers before the review policy allows), the bank by category, results and item analysis
for staff."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import QuerySet
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


def attempt_get_for_user(*, attempt_id: int, user: User) -> Attempt:
    """The attempt if it is `user`'s own; Attempt.DoesNotExist otherwise (a 404: another
    student's attempt is not acknowledged)."""
    return Attempt.objects.select_related("assessment", "assessment__task").get(
        pk=attempt_id, user=user
    )


def assessment_for_task(*, task_id: int) -> Assessment:
    return Assessment.objects.select_related("course", "task").get(task_id=task_id)


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
