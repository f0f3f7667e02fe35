"""Which task kinds count on a roadmap: the one place that answers it.

A student completes watch, read and practice tasks by saying so. The other kinds
(quiz, exam, assignment, daily work) are completed by the context that grades them, through
`lms.learning.services.task_complete_graded`. Until such a context registers an engine for
its kind (from its `AppConfig.ready`: `grading_engine_register(kind="quiz",
engine="assessments")`), tasks of that kind are "not available yet": shown, never locked,
never blocking a later lesson, and not counted towards completing the course.
"""

from lms.catalog.models import SELF_COMPLETED_KINDS

_engines: dict[str, str] = {}


def grading_engine_register(*, kind: str, engine: str) -> None:
    """Declare that `engine` (an app label) grades tasks of `kind` and will call
    `task_complete_graded` when its rule is met."""
    _engines[kind] = engine


def grading_engine_unregister(*, kind: str) -> None:
    _engines.pop(kind, None)


def grading_engine_for(kind: str) -> str | None:
    return _engines.get(kind)


def counted_kinds() -> set[str]:
    """Kinds that can be completed today, so they block later lessons and count towards the
    course."""
    return {str(kind) for kind in SELF_COMPLETED_KINDS} | set(_engines)


def kind_is_counted(kind: str) -> bool:
    return kind in SELF_COMPLETED_KINDS or kind in _engines
