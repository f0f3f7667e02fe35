"""Whole answers of the hottest reads, as plain data: the roadmap (its PWA page and its API)
and the student's course cards (the dashboard and "My courses").

They read `values()` rows, never model instances (each instance costs its construction and
django-modeltranslation's hooks), and build the answer as dicts a face shows or sends as it
is, without nested serializers. The lock rules are not repeated here: the rows go through
`lms.learning.selectors`' own rules, which read only `pk`, `title`, `free_order` and
`kind`, and tests check every figure against the model-based reads.

Translated titles are read from every language's column and resolved by modeltranslation's
own field descriptor (its fallbacks), once per row and without its per-row hooks
(`_Translated`)."""

from django.core.cache import cache
from django.db import connection
from django.db.models import Model
from django.utils.translation import get_language
from modeltranslation.fields import NONE
from modeltranslation.settings import AVAILABLE_LANGUAGES
from modeltranslation.utils import build_localized_fieldname

from lms.accounts.models import User
from lms.catalog.cache import catalog_version
from lms.catalog.models import SELF_COMPLETED_KINDS, Course, Lesson, Module, Task
from lms.core.errors import PermissionDeniedError
from lms.learning.grading import counted_kinds
from lms.learning.models import ACCESS_STATUSES, Enrollment, TaskCompletion
from lms.learning.selectors import (
    AccessMode,
    Progress,
    Roadmap,
    _Access,
    _access_get,
    _completed_task_ids,
    _Outline,
    _roadmap_build,
    course_standing,
)

# The outline is catalog data, stored under the catalog version (lms/catalog/cache.py):
# every change to a course's modules, lessons or tasks moves the version on, so an entry is
# never read after such a change and only needs to expire to free the memory.
OUTLINE_CACHE_SECONDS = 60 * 60


class Row(dict):
    """A `values()` row that reads by attribute as well, as the lock rules read instances."""

    __slots__ = ()

    def __getattr__(self, name: str):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


class _Holder:
    """Stands for an instance when a translated field's descriptor resolves a value."""


class _Translated:
    """Reads a translated field (say `title`) from rows holding every language's column, as
    the model's attribute would. The attribute is modeltranslation's descriptor: the active
    language's value when it has one (the first thing the descriptor tries), else whatever
    the descriptor's fallbacks give, the row standing in for an instance. Read the language
    once per answer, not once per row (that is what modeltranslation's `values()` costs)."""

    def __init__(self, model: type[Model], name: str = "title") -> None:
        self.descriptor = getattr(model, name)
        self.name = name
        self.columns = [build_localized_fieldname(name, code) for code in AVAILABLE_LANGUAGES]
        language = get_language()
        self.own = build_localized_fieldname(name, language) if language else ""
        undefined = self.descriptor.fallback_undefined
        if undefined is NONE:
            undefined = self.descriptor.field.get_default()
        self.undefined = undefined

    def __call__(self, row: dict, prefix: str = "") -> str:
        value = row.get(prefix + self.own)
        if value is not None and value != self.undefined:
            return value
        holder = _Holder()
        for column in self.columns:
            setattr(holder, column, row[prefix + column])
        return self.descriptor.__get__(holder, None)

    def fields(self, prefix: str = "") -> list[str]:
        return [prefix + column for column in self.columns]


def _progress(progress: Progress) -> dict:
    return {"done": progress.done, "total": progress.total, "percent": progress.percent}


# --- The roadmap ---------------------------------------------------------------------------


def outline_rows_get(*, course_id: int) -> _Outline:
    """The course's modules, lessons and tasks in course order as rows, in the active
    language: from the cache, or three queries. Only catalog data is in it (titles, order,
    kinds, durations, free order); access and progress are read fresh by the caller."""
    return outlines_rows_get(course_ids=[course_id])[course_id]


def outlines_rows_get(*, course_ids: list[int]) -> dict[int, _Outline]:
    """`outline_rows_get` of several courses: one cache read, and three queries for all of
    those not cached.

    The catalog version is read before the rows, so rows read while a change commits are
    stored under a version that change has already left behind (lms/catalog/cache.py)."""
    prefix = f"catalog:{catalog_version()}:outline:{get_language() or ''}:"
    keys = {course_id: f"{prefix}{course_id}" for course_id in course_ids}
    outlines = {
        course_id: _recent_outlines[key]
        for course_id, key in keys.items()
        if key in _recent_outlines
    }
    wanted = [key for course_id, key in keys.items() if course_id not in outlines]
    stored = cache.get_many(wanted) if wanted else {}
    for course_id, key in keys.items():
        if key in stored:
            outlines[course_id] = _remember(key, stored[key])
    missing = [course_id for course_id in keys if course_id not in outlines]
    if missing:
        read = _outline_rows_read(course_ids=missing)
        cache.set_many(
            {keys[course_id]: read[course_id] for course_id in missing}, OUTLINE_CACHE_SECONDS
        )
        for course_id in missing:
            outlines[course_id] = _remember(keys[course_id], read[course_id])
    return outlines


# The outlines this process read last, by cache key. The key holds the catalog version, read
# afresh on every request, so an entry is never used after a change; keeping them spares
# unpickling them from Redis on every request (12 % of the dashboard's CPU, its six
# courses' outlines). Shared by the threads of the process: nobody changes a row once read.
_RECENT_OUTLINES_MAX = 512
_recent_outlines: dict[str, _Outline] = {}


def _remember(key: str, outline: _Outline) -> _Outline:
    if len(_recent_outlines) >= _RECENT_OUTLINES_MAX:
        _recent_outlines.clear()  # a bound, not a policy: the shared cache refills it
    _recent_outlines[key] = outline
    return outline


def _outline_rows_read(*, course_ids: list[int]) -> dict[int, _Outline]:
    """The modules, lessons and tasks of each course in course order as rows (three
    queries for any number of courses)."""
    modules: dict[int, list[Row]] = {course_id: [] for course_id in course_ids}
    course_of_module = {}
    for row in _rows(
        Module, Module.objects.filter(course_id__in=course_ids), "free_order", "course_id"
    ):
        modules[row["course_id"]].append(row)
        course_of_module[row["pk"]] = row["course_id"]
    lessons: dict[int, dict[int, list[Row]]] = {course_id: {} for course_id in course_ids}
    course_of_lesson = {}
    for row in _rows(
        Lesson,
        Lesson.objects.filter(module__course_id__in=course_ids),
        "module_id",
        "estimated_minutes",
    ):
        course_id = course_of_module[row["module_id"]]
        lessons[course_id].setdefault(row["module_id"], []).append(row)
        course_of_lesson[row["pk"]] = course_id
    tasks: dict[int, dict[int, list[Row]]] = {course_id: {} for course_id in course_ids}
    for row in _rows(
        Task, Task.objects.filter(lesson__module__course_id__in=course_ids), "lesson_id", "kind"
    ):
        tasks[course_of_lesson[row["lesson_id"]]].setdefault(row["lesson_id"], []).append(row)
    return {
        course_id: _Outline(modules[course_id], lessons[course_id], tasks[course_id])
        for course_id in course_ids
    }


def _rows(model: type[Model], queryset, *names: str) -> list[Row]:
    """`pk`, `title` (in the active language) and `names` of each object, in the model's
    order."""
    title = _Translated(model)
    rows = []
    for values in queryset.raw_values("pk", *names, *title.fields()):
        row = Row(values)
        row["title"] = title(values)
        rows.append(row)
    return rows


def _done_task_ids(*, user: User, course_id: int) -> set[int]:
    """The student's completions in the course: one query, written as SQL because building
    it with the ORM costs ~0.8 ms of CPU, four times running it (the roadmap's hottest read;
    `lms.learning.selectors._completed_task_ids` is the ORM form of the same question)."""
    completion, task = TaskCompletion._meta, Task._meta
    lesson, module = Lesson._meta, Module._meta
    # Only the models' own table names are formatted in; the values are parameters.
    sql = (
        f"SELECT c.task_id FROM {completion.db_table} c"  # noqa: S608
        f" JOIN {task.db_table} t ON t.id = c.task_id"
        f" JOIN {lesson.db_table} l ON l.id = t.lesson_id"
        f" JOIN {module.db_table} m ON m.id = l.module_id"
        " WHERE c.user_id = %s AND m.course_id = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, course_id])
        return {row[0] for row in cursor.fetchall()}


def roadmap_answer_get(*, user: User, course: Course, access: _Access | None = None) -> dict:
    """The roadmap of `course` for `user` as the API sends it (`RoadmapOutputSerializer`'s
    shape): course, mode, progress, next step and modules → lessons → tasks with their
    state and reason. Raises
    PermissionDeniedError with the reason for someone who may not study the course.
    Two queries whatever the size of the course (the enrollment, the completions), three
    for staff (the instructor check), plus three when the outline is not cached. Given the
    access read with the course (`course_access_get`), one query fewer."""
    if access is None:
        access = _access_get(user=user, course=course)
    if access.mode == AccessMode.NONE:
        raise PermissionDeniedError(access.reason, code=access.code)
    outline = outline_rows_get(course_id=course.pk)
    done_ids = (
        _done_task_ids(user=user, course_id=course.pk)
        if access.mode == AccessMode.STUDENT
        else set()
    )
    roadmap = _roadmap_build(course=course, outline=outline, done_ids=done_ids, access=access)
    return {
        "course": {
            "slug": course.slug,
            "title": course.title,
            "summary": course.summary,
            "status": course.status,
        },
        "mode": str(roadmap.mode),
        "progress": _progress(roadmap.progress),
        "next_step": _next_step(roadmap),
        "modules": [_module(step) for step in roadmap.modules],
    }


def _next_step(roadmap: Roadmap) -> dict | None:
    if roadmap.next_step is None:
        return None
    return {
        "task_id": roadmap.next_step.task.pk,
        "task_title": roadmap.next_step.task.title,
        "lesson_id": roadmap.next_lesson.lesson.pk,
        "lesson_title": roadmap.next_lesson.lesson.title,
    }


def _module(step) -> dict:
    module = step.module
    return {
        "id": module.pk,
        "title": module.title,
        "free_order": module.free_order,
        "state": str(step.state),
        "reason": step.reason,
        "progress": _progress(step.progress),
        "lessons": [
            {
                "id": lesson_step.lesson.pk,
                "title": lesson_step.lesson.title,
                "estimated_minutes": lesson_step.lesson.estimated_minutes,
                "state": str(lesson_step.state),
                "reason": lesson_step.reason,
                "progress": _progress(lesson_step.progress),
                "tasks": [
                    {
                        "id": task_step.task.pk,
                        "title": task_step.task.title,
                        "kind": task_step.task.kind,
                        "self_completed": task_step.task.kind in SELF_COMPLETED_KINDS,
                        "state": str(task_step.state),
                        "reason": task_step.reason,
                    }
                    for task_step in lesson_step.tasks
                ],
            }
            for lesson_step in step.lessons
        ],
    }


# --- The student's course cards --------------------------------------------------------------


def course_cards_get(*, user: User, limit: int | None = None) -> list[dict]:
    """The student's courses (active and completed enrollments, newest first; the first
    `limit`), each with its progress and next task: what the dashboard and "My courses"
    show. Two queries for any number of courses and tasks (the enrollments, the
    completions), and three more when outlines are not cached. The figures are those of
    `my_courses_get` and of the roadmap: the course's outline walked in course order, with
    only the kinds that count (lms/learning/grading.py)."""
    course_title = _Translated(Course)
    enrollments = (
        Enrollment.objects.filter(user=user, status__in=ACCESS_STATUSES)
        .order_by("-enrolled_at", "-pk")
        .values(
            "course_id",
            "status",
            "course__slug",
            "course__thumbnail",
            "course__thumbnail_sizes",
            *course_title.fields("course__"),
        )
    )
    rows = list(enrollments[:limit] if limit is not None else enrollments)
    if not rows:
        return []
    course_ids = [row["course_id"] for row in rows]
    outlines = outlines_rows_get(course_ids=course_ids)
    done_ids = _completed_task_ids(user=user, course_ids=course_ids)
    counted = counted_kinds()
    storage = Course._meta.get_field("thumbnail").storage
    cards = []
    for row in rows:
        progress, next_task = _standing(outlines[row["course_id"]], done_ids, counted)
        cards.append(
            {
                "course": {
                    "id": row["course_id"],
                    "slug": row["course__slug"],
                    "title": course_title(row, "course__"),
                    "thumbnail_url": storage.url(row["course__thumbnail"])
                    if row["course__thumbnail"]
                    else "",
                    "thumbnail": row["course__thumbnail"] or "",
                    "thumbnail_sizes": row["course__thumbnail_sizes"] or [],
                },
                "status": row["status"],
                "progress": progress,
                "next_task": next_task,
            }
        )
    return cards


def _standing(
    outline: _Outline, done_ids: set[int], counted: set[str]
) -> tuple[Progress, dict | None]:
    """The course's standing (`course_standing`) from its outline, with the next task's
    titles: the roadmap's next step, since every task before it is done (its lesson is open
    under the lock rules, in order or free order alike)."""
    counted_tasks = {
        task["pk"]: (task, lesson)
        for module in outline.modules
        for lesson in outline.lessons.get(module["pk"], ())
        for task in outline.tasks.get(lesson["pk"], ())
        if task["kind"] in counted
    }
    standing = course_standing(counted_tasks, done_ids)
    if standing.next_task_id is None:
        return standing.progress, None
    task, lesson = counted_tasks[standing.next_task_id]
    return standing.progress, {
        "id": task["pk"],
        "title": task["title"],
        "lesson_id": lesson["pk"],
        "lesson_title": lesson["title"],
    }
