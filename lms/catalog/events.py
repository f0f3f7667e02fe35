"""Events the catalog context publishes (see lms/core/events.py and the README's list)."""

from dataclasses import dataclass

from lms.core.events import Event


@dataclass(frozen=True)
class CourseSubmitted(Event):
    """An instructor asked for a draft to be reviewed."""

    course_id: int
    acting_user_id: int


@dataclass(frozen=True)
class CourseReviewed(Event):
    """An admin approved (and so published) or rejected a course in review."""

    course_id: int
    acting_user_id: int
    approved: bool
    feedback: str = ""


@dataclass(frozen=True)
class CoursePublished(Event):
    """A course entered the catalog (approved in review or published directly)."""

    course_id: int
    acting_user_id: int


@dataclass(frozen=True)
class LessonChanged(Event):
    """A lesson was created or its content changed (title, body): whoever indexes lesson text
    refreshes it."""

    lesson_id: int


@dataclass(frozen=True)
class LessonDeleted(Event):
    """A lesson was deleted (its rows are gone when receivers run)."""

    lesson_id: int


@dataclass(frozen=True)
class InstructorApplicationDecided(Event):
    """An admin approved (the person is now an instructor) or rejected an application."""

    application_id: int
    user_id: int
    approved: bool
    feedback: str = ""
