"""The roadmap of one course for one person: loaded in a constant number of queries, then
the lock rules (`_roadmap_build`) run on it without queries."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.catalog.models import Course, Lesson, Module, Task
from lms.core.errors import PermissionDeniedError
from lms.learning.grading import kind_is_counted
from lms.learning.models import TaskCompletion
from lms.learning.selectors.access import _Access, _access_get
from lms.learning.selectors.state import (
    AccessMode,
    LessonAccess,
    LessonStep,
    ModuleStep,
    Progress,
    Roadmap,
    StepState,
    TaskStep,
)


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
