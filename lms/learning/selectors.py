"""Reads of a student's way through a course. The lock rules live here and only here:

- An enrolled student (enrollment active or completed) follows the roadmap in course order
  (modules, then lessons, then tasks, each by position). A lesson is open when every task
  before it in course order is done, so the first lesson is always open and, when lessons
  are taken in order, that is "every task of the previous lesson is done" across module
  boundaries. A lesson is never opened by work done further ahead (say after the roadmap was
  reordered): the reason then names the earliest unfinished lesson, which is always open.
- A module with `free_order` is reached when everything before the module is done; then all
  of its lessons are open at once, and the module as a whole counts as "before" the next one.
- A graded task (quiz, exam, assignment) whose kind has no grading engine yet is "not
  available": shown, never locked, and it neither blocks a later lesson nor counts towards
  the course (`lms/learning/grading.py` says which kinds count).
- The course's instructors and admins preview everything without enrolling; their own
  progress is not recorded. Anyone else sees nothing and is told why.

Progress is counted from TaskCompletion rows every time, never stored.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.accounts.permissions import can_preview_course
from lms.catalog.models import Course, Lesson, LessonDocument, Module, Task
from lms.core.errors import PermissionDeniedError
from lms.learning.grading import counted_kinds, kind_is_counted
from lms.learning.models import (
    ACCESS_STATUSES,
    Enrollment,
    EnrollmentStatus,
    LessonProgress,
    TaskCompletion,
)


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


# --- Who may use a course -------------------------------------------------------------------


@dataclass(frozen=True)
class _Access:
    mode: AccessMode
    enrollment: Enrollment | None
    reason: str = ""
    code: str = ""


def enrollment_get(*, user: User, course: Course) -> Enrollment | None:
    """The person's enrollment in the course, whatever its status (one query)."""
    if user is None or not user.is_authenticated:
        return None
    return Enrollment.objects.filter(user=user, course=course).first()


def _access_get(*, user: User, course: Course, enrollment: Enrollment | None = None) -> _Access:
    """At most two queries: the enrollment, then (for staff only) the instructor check."""
    if user is None or not user.is_authenticated:
        return _Access(
            AccessMode.NONE, None, _("Log in and enroll to start this course."), "login_required"
        )
    if enrollment is None:
        enrollment = enrollment_get(user=user, course=course)
        if enrollment is not None:
            enrollment.course = course  # spare a query to whoever reads it next
    if enrollment is not None and enrollment.status in ACCESS_STATUSES:
        return _Access(AccessMode.STUDENT, enrollment)
    if can_preview_course(user, course):
        return _Access(AccessMode.PREVIEW, enrollment)
    if enrollment is not None and enrollment.status == EnrollmentStatus.REVOKED:
        return _Access(
            AccessMode.NONE,
            enrollment,
            _("Your access to this course has been revoked. Contact the academy to restore it."),
            "enrollment_revoked",
        )
    return _Access(AccessMode.NONE, enrollment, _("Enroll to start this course."), "not_enrolled")


# --- Loading the roadmap in a constant number of queries -----------------------------------


@dataclass(frozen=True)
class _Outline:
    """A course's modules, lessons and tasks in course order, loaded flat (three queries):
    plain lists, so walking them builds no related manager or queryset per lesson."""

    modules: list[Module]
    lessons: dict[int, list[Lesson]]  # by module id
    tasks: dict[int, list[Task]]  # by lesson id


def _outline_get(*, course: Course) -> _Outline:
    modules = list(Module.objects.filter(course=course))
    module_of = {module.pk: module for module in modules}
    lessons: dict[int, list[Lesson]] = {}
    lesson_of: dict[int, Lesson] = {}
    # Lesson bodies are not needed to draw a roadmap.
    for lesson in Lesson.objects.filter(module__course=course).defer("body"):
        lesson.module = module_of[lesson.module_id]  # as a prefetch would: no query later
        lessons.setdefault(lesson.module_id, []).append(lesson)
        lesson_of[lesson.pk] = lesson
    tasks: dict[int, list[Task]] = {}
    for task in Task.objects.filter(lesson__module__course=course):
        task.lesson = lesson_of[task.lesson_id]
        tasks.setdefault(task.lesson_id, []).append(task)
    return _Outline(modules, lessons, tasks)


def _completed_task_ids(*, user: User, course_ids: Iterable[int]) -> set[int]:
    return set(
        TaskCompletion.objects.filter(
            user=user, task__lesson__module__course_id__in=list(course_ids)
        ).values_list("task_id", flat=True)
    )


def _roadmap_build(
    *, course: Course, outline: _Outline, done_ids: set[int], access: _Access
) -> Roadmap:
    """The lock rules, on an already loaded roadmap (no queries)."""
    module_steps: list[ModuleStep] = []
    lessons: dict[int, LessonStep] = {}
    next_step: TaskStep | None = None
    next_lesson: LessonStep | None = None
    course_done = course_total = 0
    # The earliest lesson, in course order, with a task not done; None while all is done.
    first_unfinished: Lesson | None = None

    def blocked_by(lesson: Lesson | None) -> str:
        return _("Finish “%(lesson)s” first.") % {"lesson": lesson.title} if lesson else ""

    for module in outline.modules:
        module_blocker = first_unfinished
        lesson_steps: list[LessonStep] = []
        for lesson in outline.lessons.get(module.pk, []):
            blocker = module_blocker if module.free_order else first_unfinished
            if access.mode == AccessMode.PREVIEW:
                is_open, reason = True, ""
            elif access.mode == AccessMode.NONE:
                is_open, reason = False, access.reason
            else:
                is_open, reason = blocker is None, blocked_by(blocker)
            task_steps = []
            for task in outline.tasks.get(lesson.pk, []):
                if not kind_is_counted(task.kind):
                    state = StepState.UNAVAILABLE
                elif task.pk in done_ids:
                    state = StepState.DONE
                elif is_open:
                    state = StepState.AVAILABLE
                else:
                    state = StepState.LOCKED
                if state == StepState.LOCKED:
                    task_reason = reason
                elif state == StepState.UNAVAILABLE:
                    task_reason = _("Not available yet.")
                else:
                    task_reason = ""
                task_steps.append(TaskStep(task=task, state=state, reason=task_reason))
            done = sum(1 for step in task_steps if step.is_done)
            counted = sum(1 for step in task_steps if not step.is_unavailable)
            progress = Progress(done=done, total=counted)
            if not is_open:
                lesson_state = StepState.LOCKED
            elif progress.is_complete:
                lesson_state = StepState.DONE
            else:
                lesson_state = StepState.AVAILABLE
            lesson_step = LessonStep(
                lesson=lesson,
                state=lesson_state,
                reason=reason if not is_open else "",
                tasks=task_steps,
                progress=progress,
            )
            if next_step is None and is_open:
                for step in task_steps:
                    if step.is_available:
                        next_step, next_lesson = step, lesson_step
                        break
            if done < counted and first_unfinished is None:
                first_unfinished = lesson
            lessons[lesson.pk] = lesson_step
            lesson_steps.append(lesson_step)

        module_done = sum(step.progress.done for step in lesson_steps)
        module_total = sum(step.progress.total for step in lesson_steps)
        module_progress = Progress(done=module_done, total=module_total)
        open_lessons = [step for step in lesson_steps if step.is_open]
        if lesson_steps and not open_lessons:
            module_state, module_reason = StepState.LOCKED, lesson_steps[0].reason
        elif module_progress.is_complete:
            module_state, module_reason = StepState.DONE, ""
        else:
            module_state, module_reason = StepState.AVAILABLE, ""
        module_steps.append(
            ModuleStep(
                module=module,
                state=module_state,
                reason=module_reason,
                lessons=lesson_steps,
                progress=module_progress,
            )
        )
        course_done += module_done
        course_total += module_total

    if access.mode == AccessMode.NONE:
        next_step = next_lesson = None
    return Roadmap(
        course=course,
        mode=access.mode,
        enrollment=access.enrollment,
        modules=module_steps,
        progress=Progress(done=course_done, total=course_total),
        next_step=next_step,
        next_lesson=next_lesson,
        denied_reason=access.reason,
        denied_code=access.code,
        _lessons=lessons,
    )


# --- Public reads ----------------------------------------------------------------------------


def roadmap_get(*, user: User, course: Course) -> Roadmap:
    """The course's modules → lessons → tasks for `user`, each done / available / locked
    (with the reason), progress per module and course, and the next step. At most six
    queries whatever the size of the course."""
    access = _access_get(user=user, course=course)
    outline = _outline_get(course=course)
    done_ids = (
        _completed_task_ids(user=user, course_ids=[course.pk])
        if access.mode == AccessMode.STUDENT
        else set()
    )
    return _roadmap_build(course=course, outline=outline, done_ids=done_ids, access=access)


def lesson_access_check(*, user: User, lesson: Lesson) -> LessonAccess:
    """Allow reading `lesson` (its content, its files, completing its tasks) or raise
    PermissionDeniedError with the reason a person can act on."""
    roadmap = roadmap_get(user=user, course=lesson.module.course)
    roadmap.deny()
    step = roadmap.lesson_step(lesson.pk)
    if step is None:  # cannot happen for a lesson of this course; refuse rather than guess
        raise PermissionDeniedError(
            _("This lesson is not part of the course."), code="lesson_locked"
        )
    if not step.is_open:
        raise PermissionDeniedError(step.reason, code="lesson_locked")
    return LessonAccess(roadmap=roadmap, step=step)


def enrollments_for_user(*, user: User) -> QuerySet[Enrollment]:
    """The courses a person can study: active and completed enrollments, newest first."""
    return (
        Enrollment.objects.filter(user=user, status__in=ACCESS_STATUSES)
        .select_related("course")
        .order_by("-enrolled_at", "-pk")
    )


def my_courses_get(
    *, user: User, enrollments: Iterable[Enrollment] | None = None
) -> list[MyCourse]:
    """Each enrollment with its progress and next task (`course_standings_get`) as model
    instances. Three queries for any number of courses and tasks (four without
    `enrollments`); pass a page of `enrollments_for_user` to paginate."""
    if enrollments is None:
        enrollments = enrollments_for_user(user=user)
    enrollments = list(enrollments)
    course_ids = list({enrollment.course_id for enrollment in enrollments})
    if not course_ids:
        return []
    standings = course_standings_get(user=user, course_ids=course_ids)
    next_ids = [standing.next_task_id for standing in standings.values() if standing.next_task_id]
    next_tasks = {
        task.pk: task
        for task in Task.objects.filter(pk__in=next_ids)
        .select_related("lesson")
        .only("id", "kind", "lesson_id", *_titles(""), *_titles("lesson__"))
    }
    return [
        MyCourse(
            enrollment=enrollment,
            progress=standings[enrollment.course_id].progress,
            next_task=next_tasks.get(standings[enrollment.course_id].next_task_id),
        )
        for enrollment in enrollments
    ]


@dataclass(frozen=True)
class CourseStanding:
    progress: Progress
    next_task_id: int | None  # None when every counted task is done


def course_standings_get(*, user: User, course_ids: list[int]) -> dict[int, CourseStanding]:
    """Per course, the student's progress (done and total tasks of the kinds that count)
    and the next task: the first counted task not done in course order (module, lesson,
    task; each by position then id). Two queries whatever the number of courses, read as
    plain values: the courses' counted task ids in course order, and the student's
    completions.

    The next task is the roadmap's next step (`roadmap_get`) without building the roadmap:
    every task before it is done, so its lesson is open under the lock rules, in order or
    free order alike."""
    course_order = [
        "lesson__module__position",
        "lesson__module_id",
        "lesson__position",
        "lesson_id",
        "position",
        "pk",
    ]
    tasks = (
        Task.objects.rewrite(False)  # no translated field here: skip modeltranslation's rows
        .filter(lesson__module__course_id__in=course_ids, kind__in=counted_kinds())
        .order_by(*course_order)
        .values_list("lesson__module__course_id", "pk")
    )
    done_ids = _completed_task_ids(user=user, course_ids=course_ids)
    totals = dict.fromkeys(course_ids, 0)
    done = dict.fromkeys(course_ids, 0)
    next_ids: dict[int, int] = {}
    for course_id, task_id in tasks:
        totals[course_id] += 1
        if task_id in done_ids:
            done[course_id] += 1
        elif course_id not in next_ids:
            next_ids[course_id] = task_id
    return {
        course_id: CourseStanding(
            progress=Progress(done=done[course_id], total=totals[course_id]),
            next_task_id=next_ids.get(course_id),
        )
        for course_id in course_ids
    }


def _titles(prefix: str) -> list[str]:
    from django.conf import settings

    return [f"{prefix}title", *[f"{prefix}title_{code}" for code, _name in settings.LANGUAGES]]


def lesson_content_get(*, lesson_id: int, course: Course | None = None) -> Lesson:
    """A lesson with what its page shows: its course and documents (two queries)."""
    queryset = Lesson.objects.select_related("module__course").prefetch_related(
        Prefetch("documents", queryset=LessonDocument.objects.all())
    )
    if course is not None:
        queryset = queryset.filter(module__course=course)
    return queryset.get(pk=lesson_id)


def lesson_progress_get(*, user: User, lesson: Lesson) -> LessonProgress | None:
    if not user.is_authenticated:
        return None
    return LessonProgress.objects.filter(user=user, lesson=lesson).first()


def course_task_counts(*, user: User, course: Course) -> Progress:
    """Done and total tasks of a course for one student, in two queries (used after a
    completion to decide whether the enrollment is complete). Only kinds that count (see
    lms/learning/grading.py) are counted."""
    kinds = counted_kinds()
    total = Task.objects.filter(lesson__module__course=course, kind__in=kinds).count()
    done = TaskCompletion.objects.filter(
        user=user, task__lesson__module__course=course, task__kind__in=kinds
    ).count()
    return Progress(done=done, total=total)


def roadmap_with_done(roadmap: Roadmap, *, task_ids: Iterable[int]) -> Roadmap:
    """`roadmap` as it is once `task_ids` are done too, rebuilt in memory from what it already
    loaded (no query): what a completion answers with (its next step, the lesson's tasks)."""
    done_ids = {
        step.task.pk
        for module_step in roadmap.modules
        for lesson_step in module_step.lessons
        for step in lesson_step.tasks
        if step.is_done
    } | set(task_ids)
    access = _Access(roadmap.mode, roadmap.enrollment, roadmap.denied_reason, roadmap.denied_code)
    outline = _Outline(
        modules=[module_step.module for module_step in roadmap.modules],
        lessons={
            module_step.module.pk: [lesson_step.lesson for lesson_step in module_step.lessons]
            for module_step in roadmap.modules
        },
        tasks={
            lesson_step.lesson.pk: [step.task for step in lesson_step.tasks]
            for module_step in roadmap.modules
            for lesson_step in module_step.lessons
        },
    )
    return _roadmap_build(course=roadmap.course, outline=outline, done_ids=done_ids, access=access)
