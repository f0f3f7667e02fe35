from lms.assessments.models.assessment import (
    Allowance,
    Assessment,
    AssessmentKind,
    AssessmentQuestion,
    DrawRule,
    ReviewPolicy,
)
from lms.assessments.models.attempt import (
    Answer,
    Attempt,
    AttemptQuestion,
    AttemptStatus,
    ProctorEvent,
    ProctorEventKind,
)
from lms.assessments.models.bank import (
    PATH_SEPARATOR,
    Category,
    Difficulty,
    Option,
    Question,
    QuestionKind,
    Tag,
)
from lms.assessments.models.imports import QuestionImport, QuestionImportStatus

__all__ = [
    "PATH_SEPARATOR",
    "Allowance",
    "Answer",
    "Assessment",
    "AssessmentKind",
    "AssessmentQuestion",
    "Attempt",
    "AttemptQuestion",
    "AttemptStatus",
    "Category",
    "Difficulty",
    "DrawRule",
    "Option",
    "ProctorEvent",
    "ProctorEventKind",
    "Question",
    "QuestionImport",
    "QuestionImportStatus",
    "QuestionKind",
    "ReviewPolicy",
    "Tag",
]
