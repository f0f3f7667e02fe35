"""Events the assessments context publishes (see lms/core/events.py and the README's list)."""

from dataclasses import dataclass

from lms.core.events import Event


@dataclass(frozen=True)
class AttemptGraded(Event):
    """An attempt was graded: submitted by the student, auto-submitted at its deadline, or
    regraded by staff (`regraded`). `percent` is a string of the exact Decimal."""

    attempt_id: int
    assessment_id: int
    user_id: int
    percent: str
    passed: bool
    regraded: bool = False
