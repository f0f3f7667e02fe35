"""Events the learning context publishes (see lms/core/events.py and the README's list)."""

from dataclasses import dataclass

from lms.core.events import Event


@dataclass(frozen=True)
class EnrollmentCreated(Event):
    """A person can now study a course: a new enrollment, or a revoked one given back
    (`reactivated`)."""

    enrollment_id: int
    user_id: int
    course_id: int
    source: str
    reactivated: bool = False


@dataclass(frozen=True)
class EnrollmentRevoked(Event):
    """A person lost access to a course (a refund, an admin); their progress is kept."""

    enrollment_id: int
    user_id: int
    course_id: int


@dataclass(frozen=True)
class TaskCompleted(Event):
    """A student completed a task for the first time. `source` says how: "self" (marked
    done), "video" (watched far enough) or what graded it ("quiz", "assignment", ...)."""

    user_id: int
    task_id: int
    lesson_id: int
    course_id: int
    source: str


@dataclass(frozen=True)
class CourseCompleted(Event):
    """The completion that finished every counted task of a course."""

    enrollment_id: int
    user_id: int
    course_id: int


@dataclass(frozen=True)
class LessonUnlocked(Event):
    """A completion opened a lesson that was locked for this student (one event per newly
    opened lesson; none for the completion that finishes the course)."""

    user_id: int
    course_id: int
    lesson_id: int
