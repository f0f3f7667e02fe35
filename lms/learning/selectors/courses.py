"""A student's courses: their enrollments, progress and next task per course, read from
per-course aggregates rather than whole roadmaps."""

from collections.abc import Iterable

from django.db.models import QuerySet

from lms.accounts.models import User
from lms.catalog.models import Course, Task
from lms.learning.grading import counted_kinds
from lms.learning.models import ACCESS_STATUSES, Enrollment, TaskCompletion
from lms.learning.selectors.roadmap import _completed_task_ids
from lms.learning.selectors.state import CourseStanding, MyCourse, Progress


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
    task_ids: dict[int, list[int]] = {course_id: [] for course_id in course_ids}
    for course_id, task_id in tasks:
        task_ids[course_id].append(task_id)
    return {course_id: course_standing(task_ids[course_id], done_ids) for course_id in course_ids}


def course_standing(task_ids: Iterable[int], done_ids: set[int]) -> CourseStanding:
    """One course's standing from the ids of its counted tasks in course order and the
    student's completions: done and total, and the first task not done (the next task)."""
    done = total = 0
    next_task_id = None
    for task_id in task_ids:
        total += 1
        if task_id in done_ids:
            done += 1
        elif next_task_id is None:
            next_task_id = task_id
    return CourseStanding(progress=Progress(done=done, total=total), next_task_id=next_task_id)


def _titles(prefix: str) -> list[str]:
    from django.conf import settings

    return [f"{prefix}title", *[f"{prefix}title_{code}" for code, _name in settings.LANGUAGES]]


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
