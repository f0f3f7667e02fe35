import pytest

from lms.catalog.models import TaskKind
from lms.learning.grading import (
    grading_engine_for,
    grading_engine_register,
    grading_engine_unregister,
)


@pytest.fixture
def no_quiz_engine():
    """As before any context graded quizzes (lms.assessments registers itself when ready)."""
    engine = grading_engine_for(TaskKind.QUIZ)
    grading_engine_unregister(kind=TaskKind.QUIZ)
    yield
    if engine is not None:
        grading_engine_register(kind=TaskKind.QUIZ, engine=engine)
