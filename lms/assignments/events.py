"""Events the assignments context publishes (see lms/core/events.py and the README's list).
The notifications context delivers them to students and staff."""

from dataclasses import dataclass

from lms.core.events import Event


@dataclass(frozen=True)
class AssignmentPosted(Event):
    """A new assignment; its targeted students can submit to it."""

    assignment_id: int
    course_id: int


@dataclass(frozen=True)
class SubmissionReviewed(Event):
    """A submission got its marks and feedback; `passed` when at or above the pass mark."""

    submission_id: int
    assignment_id: int
    user_id: int
    marks: int
    passed: bool


@dataclass(frozen=True)
class DailyWorkSubmitted(Event):
    """A student wrote the first entry of a local day (`local_date` ISO)."""

    entry_id: int
    user_id: int
    local_date: str
