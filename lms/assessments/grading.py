"""Grading as a pure function: no database, no clock. The services feed it the fractions of
the options a student chose; regrading runs the same function again.

A question is worth its `mark` (1 unless said otherwise). Its raw score is the sum of the
fractions of the chosen options (Moodle's rule: a multiple-choice question's right options
share 100 %, wrong ones may carry negative fractions). The question scores:

- without negative marking: the raw score clamped to [0, 1] (as Moodle does), so a wrong
  answer costs nothing beyond the question;
- with negative marking: clamped to [-1, 1], so a negative fraction takes marks away from
  the others. The attempt's total never drops below zero.

A blank answer scores 0. Exact Decimal arithmetic throughout; the percent is rounded half
up to two places, and passing compares that percent with the pass mark.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal("0")
ONE = Decimal("1")
HUNDRED = Decimal("100")


@dataclass(frozen=True)
class QuestionInput:
    fractions: Mapping[int, Decimal]  # option id → fraction of the mark
    chosen: Sequence[int]  # option ids the student chose
    mark: Decimal = ONE


@dataclass(frozen=True)
class Grade:
    question_scores: tuple[Decimal, ...]  # in marks, per question, in order
    score: Decimal
    max_score: Decimal
    percent: Decimal
    passed: bool


def question_fraction(
    *, fractions: Mapping[int, Decimal], chosen: Iterable[int], negative_marking: bool
) -> Decimal:
    """The fraction of its mark one question earns. Unknown and repeated option ids count
    once or not at all (a tampered answer gains nothing)."""
    raw = sum((fractions[option] for option in set(chosen) if option in fractions), ZERO)
    low = -ONE if negative_marking else ZERO
    return min(max(raw, low), ONE)


def attempt_grade(
    *, questions: Sequence[QuestionInput], negative_marking: bool, pass_mark_percent: Decimal
) -> Grade:
    scores = tuple(
        question.mark
        * question_fraction(
            fractions=question.fractions, chosen=question.chosen, negative_marking=negative_marking
        )
        for question in questions
    )
    max_score = sum((question.mark for question in questions), ZERO)
    score = max(sum(scores, ZERO), ZERO)
    percent = (
        (score * HUNDRED / max_score).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        if max_score
        else ZERO
    )
    return Grade(
        question_scores=scores,
        score=score,
        max_score=max_score,
        percent=percent,
        passed=bool(max_score) and percent >= pass_mark_percent,
    )
