"""The answers of the learning reads: step states, access modes, progress, and the roadmap
with its modules, lessons and tasks (see `lms.learning.selectors` for the lock rules)."""

from dataclasses import dataclass, field
from enum import StrEnum

from lms.catalog.models import Course, Lesson, Module, Task
from lms.core.errors import PermissionDeniedError
from lms.learning.models import Enrollment


class StepState(StrEnum):
    DONE = "done"
    AVAILABLE = "available"
    LOCKED = "locked"
    UNAVAILABLE = "unavailable"  # a graded kind with no grading engine yet


class AccessMode(StrEnum):
    STUDENT = "student"  # enrolled: lock rules apply, progress is recorded
    PREVIEW = "preview"  # the course's instructors and admins: everything open, nothing recorded
    NONE = "none"  # everyone else: nothing


@dataclass(frozen=True)
class Progress:
    done: int
    total: int

    @property
    def percent(self) -> int:
        return (self.done * 100) // self.total if self.total else 0

    @property
    def is_complete(self) -> bool:
        return self.total > 0 and self.done >= self.total


@dataclass
class TaskStep:
    task: Task
    state: StepState
    reason: str = ""

    @property
    def is_done(self) -> bool:
        return self.state == StepState.DONE

    @property
    def is_available(self) -> bool:
        return self.state == StepState.AVAILABLE

    @property
    def is_locked(self) -> bool:
        return self.state == StepState.LOCKED

    @property
    def is_unavailable(self) -> bool:
        return self.state == StepState.UNAVAILABLE


@dataclass
class LessonStep:
    lesson: Lesson
    state: StepState
    reason: str
    tasks: list[TaskStep]
    progress: Progress

    @property
    def is_open(self) -> bool:
        return self.state != StepState.LOCKED


@dataclass
class ModuleStep:
    module: Module
    state: StepState
    reason: str
    lessons: list[LessonStep]
    progress: Progress


@dataclass
class Roadmap:
    course: Course
    mode: AccessMode
    enrollment: Enrollment | None
    modules: list[ModuleStep]
    progress: Progress
    next_step: TaskStep | None
    next_lesson: LessonStep | None
    denied_reason: str = ""
    denied_code: str = ""
    _lessons: dict[int, LessonStep] = field(default_factory=dict, repr=False)

    @property
    def can_view(self) -> bool:
        return self.mode != AccessMode.NONE

    @property
    def is_preview(self) -> bool:
        return self.mode == AccessMode.PREVIEW

    @property
    def records_progress(self) -> bool:
        return self.mode == AccessMode.STUDENT

    @property
    def is_complete(self) -> bool:
        return self.progress.is_complete

    def lesson_step(self, lesson_id: int) -> LessonStep | None:
        return self._lessons.get(lesson_id)

    def deny(self) -> None:
        """Raise the reason this person cannot use the course at all, if there is one."""
        if not self.can_view:
            raise PermissionDeniedError(self.denied_reason, code=self.denied_code)


@dataclass
class LessonAccess:
    roadmap: Roadmap
    step: LessonStep


@dataclass
class MyCourse:
    """A course on the student's dashboard: progress and the next task (with its lesson's
    id and title), read from per-course aggregates, not from the whole roadmap."""

    enrollment: Enrollment
    progress: Progress
    next_task: Task | None

    @property
    def course(self) -> Course:
        return self.enrollment.course


@dataclass(frozen=True)
class CourseStanding:
    progress: Progress
    next_task_id: int | None  # None when every counted task is done
