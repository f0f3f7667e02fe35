from lms.assignments.models.assignments import (
    Assignment,
    AssignmentAttachment,
    LatePolicy,
    RubricCriterion,
    Submission,
    SubmissionFile,
)
from lms.assignments.models.daily_work import DailyEntry

__all__ = [
    "Assignment",
    "AssignmentAttachment",
    "DailyEntry",
    "LatePolicy",
    "RubricCriterion",
    "Submission",
    "SubmissionFile",
]
