"""The roadmap: modules, lessons and tasks, and their positions."""

from typing import Any, TypeVar

from django.db import models, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.catalog.cache import catalog_changed
from lms.catalog.events import LessonChanged, LessonDeleted
from lms.catalog.models import (
    Course,
    Lesson,
    LessonDocument,
    Module,
    Task,
)
from lms.catalog.services.access import _require_edit
from lms.catalog.services.fields import (
    LESSON_FIELDS,
    MODULE_FIELDS,
    SANITIZED_FIELDS,
    TASK_FIELDS,
    _assign,
    _full_clean,
    _sanitize_instance,
)
from lms.core.errors import ApplicationError
from lms.core.events import publish

# A roadmap item: it has a position among its siblings.
Positioned = TypeVar("Positioned", Module, Lesson, Task, LessonDocument)

# --- Positions ----------------------------------------------------------------------------


def _reorder(queryset: models.QuerySet, ordered_ids: list[int]) -> None:
    rows = list(queryset.select_for_update().order_by("position", "pk"))
    current = {row.pk for row in rows}
    ordered_ids = [int(pk) for pk in ordered_ids]
    if len(ordered_ids) != len(set(ordered_ids)) or set(ordered_ids) != current:
        message = _("Send every item exactly once.")
        raise ApplicationError(message, code="invalid_order", fields={"ids": [message]})
    by_pk = {row.pk: row for row in rows}
    changed = []
    for position, pk in enumerate(ordered_ids, start=1):
        row = by_pk[pk]
        if row.position != position:
            row.position = position
            changed.append(row)
    if changed:
        queryset.model.objects.bulk_update(changed, ["position"])
        # bulk_update sends no save signals: tell the catalog's caches (guest pages, the
        # roadmap's outline) that the order changed, as a save would.
        catalog_changed()


def _normalize(queryset: models.QuerySet) -> None:
    ids = list(queryset.order_by("position", "pk").values_list("pk", flat=True))
    _reorder(queryset, ids)


def _next_position(queryset: models.QuerySet) -> int:
    return (queryset.aggregate(top=Max("position"))["top"] or 0) + 1


def _store_at_end(item: Positioned, *, siblings: models.QuerySet, acting_user: User) -> Positioned:
    """Store a roadmap item whose fields a validated form set (the console), for those who
    may edit its course; a new item without a position goes after its `siblings`."""
    _require_edit(acting_user, _course_of(item))
    if item._state.adding and not item.position:
        item.position = _next_position(siblings)
    item.save()
    return item


def _delete_closing_gap(item: Positioned, *, siblings: models.QuerySet, acting_user: User) -> None:
    """Delete a roadmap item (with what hangs from it); its `siblings` close the gap."""
    _require_edit(acting_user, _course_of(item))
    item.delete()
    _normalize(siblings)


def _course_of(item: Positioned) -> Course:
    if isinstance(item, Module):
        return item.course
    if isinstance(item, Lesson):
        return item.module.course
    return item.lesson.module.course  # a task or a document


@transaction.atomic
def module_reorder(*, course: Course, module_ids: list[int], acting_user: User) -> None:
    """Give the modules of a course positions 1..n in the order of `module_ids`, which
    must list each of them exactly once."""
    _require_edit(acting_user, course)
    _reorder(Module.objects.filter(course=course), module_ids)


@transaction.atomic
def lesson_reorder(*, module: Module, lesson_ids: list[int], acting_user: User) -> None:
    _require_edit(acting_user, module.course)
    _reorder(Lesson.objects.filter(module=module), lesson_ids)


@transaction.atomic
def task_reorder(*, lesson: Lesson, task_ids: list[int], acting_user: User) -> None:
    _require_edit(acting_user, lesson.module.course)
    _reorder(Task.objects.filter(lesson=lesson), task_ids)


@transaction.atomic
def course_positions_normalize(*, course: Course) -> None:
    """Renumber modules, lessons, tasks and documents of a course 1..n at each level,
    keeping their order (after the console saved a drag-ordered or shortened list)."""
    _normalize(Module.objects.filter(course=course))
    for module in Module.objects.filter(course=course):
        _normalize(Lesson.objects.filter(module=module))
    for lesson in Lesson.objects.filter(module__course=course):
        _normalize(Task.objects.filter(lesson=lesson))
        _normalize(LessonDocument.objects.filter(lesson=lesson))


# --- Modules, lessons, tasks --------------------------------------------------------------


@transaction.atomic
def module_create(*, course: Course, acting_user: User, title: str, **fields: Any) -> Module:
    """A new module at the end of the course."""
    _require_edit(acting_user, course)
    module = Module(course=course, position=_next_position(course.modules.all()))
    _assign(module, MODULE_FIELDS, {"title": title, **fields})
    _full_clean(module)
    module.save()
    return module


@transaction.atomic
def module_update(*, module: Module, acting_user: User, **fields: Any) -> Module:
    _require_edit(acting_user, module.course)
    _assign(module, MODULE_FIELDS, fields)
    _full_clean(module)
    module.save()
    return module


@transaction.atomic
def module_save(*, module: Module, acting_user: User) -> Module:
    """Store a module whose fields a validated form set (the console); a new module goes
    to the end of its course."""
    return _store_at_end(module, siblings=module.course.modules.all(), acting_user=acting_user)


@transaction.atomic
def module_delete(*, module: Module, acting_user: User) -> None:
    """Delete a module with its lessons and tasks; the others close the gap."""
    siblings = Module.objects.filter(course_id=module.course_id)
    _delete_closing_gap(module, siblings=siblings, acting_user=acting_user)


@transaction.atomic
def lesson_create(*, module: Module, acting_user: User, title: str, **fields: Any) -> Lesson:
    _require_edit(acting_user, module.course)
    lesson = Lesson(module=module, position=_next_position(module.lessons.all()))
    _assign(lesson, LESSON_FIELDS, {"title": title, **fields})
    _full_clean(lesson)
    lesson.save()
    publish(LessonChanged(lesson_id=lesson.pk))
    return lesson


@transaction.atomic
def lesson_update(*, lesson: Lesson, acting_user: User, **fields: Any) -> Lesson:
    _require_edit(acting_user, lesson.module.course)
    _assign(lesson, LESSON_FIELDS, fields)
    _full_clean(lesson)
    lesson.save()
    publish(LessonChanged(lesson_id=lesson.pk))
    return lesson


@transaction.atomic
def lesson_save(*, lesson: Lesson, acting_user: User) -> Lesson:
    """Store a lesson whose fields a validated form set (the console); the body is
    sanitized and a new lesson goes to the end of its module."""
    _sanitize_instance(lesson, SANITIZED_FIELDS)
    lesson = _store_at_end(lesson, siblings=lesson.module.lessons.all(), acting_user=acting_user)
    publish(LessonChanged(lesson_id=lesson.pk))
    return lesson


@transaction.atomic
def lesson_delete(*, lesson: Lesson, acting_user: User) -> None:
    siblings = Lesson.objects.filter(module_id=lesson.module_id)
    lesson_id = lesson.pk
    _delete_closing_gap(lesson, siblings=siblings, acting_user=acting_user)
    publish(LessonDeleted(lesson_id=lesson_id))


@transaction.atomic
def task_create(*, lesson: Lesson, acting_user: User, title: str, **fields: Any) -> Task:
    _require_edit(acting_user, lesson.module.course)
    task = Task(lesson=lesson, position=_next_position(lesson.tasks.all()))
    _assign(task, TASK_FIELDS, {"title": title, **fields})
    _full_clean(task)
    task.save()
    return task


@transaction.atomic
def task_update(*, task: Task, acting_user: User, **fields: Any) -> Task:
    _require_edit(acting_user, task.lesson.module.course)
    _assign(task, TASK_FIELDS, fields)
    _full_clean(task)
    task.save()
    return task


@transaction.atomic
def task_save(*, task: Task, acting_user: User) -> Task:
    """Store a task whose fields a validated form set (the console); a new task goes to the
    end of its lesson."""
    _sanitize_instance(task, {"instructions"})
    return _store_at_end(task, siblings=task.lesson.tasks.all(), acting_user=acting_user)


@transaction.atomic
def task_delete(*, task: Task, acting_user: User) -> None:
    """Delete a task (and its completions); the others close the gap."""
    siblings = Task.objects.filter(lesson_id=task.lesson_id)
    _delete_closing_gap(task, siblings=siblings, acting_user=acting_user)


# --- Documents ----------------------------------------------------------------------------


@transaction.atomic
def lesson_document_save(*, document: LessonDocument, acting_user: User) -> LessonDocument:
    """Store a lesson's document whose fields (and checked upload) a validated form set; a
    new document goes to the end of its lesson."""
    siblings = document.lesson.documents.all()
    return _store_at_end(document, siblings=siblings, acting_user=acting_user)


@transaction.atomic
def lesson_document_delete(*, document: LessonDocument, acting_user: User) -> None:
    siblings = LessonDocument.objects.filter(lesson_id=document.lesson_id)
    _delete_closing_gap(document, siblings=siblings, acting_user=acting_user)


# --- Moving (drag and drop, up/down, to another module or lesson) -------------------------


def _move(item: Positioned, *, parent_field: str, parent: Any, position: int, acting_user: User):
    """Put `item` at `position` (1-based, clamped) under `parent` (its own parent or another
    one of the same course); both lists are renumbered 1..n."""
    course = _course_of(item)
    _require_edit(acting_user, course)
    model = type(item)
    old_parent_id = getattr(item, f"{parent_field}_id")
    target = model.objects.filter(**{parent_field: parent})
    ids = list(
        target.select_for_update()
        .exclude(pk=item.pk)
        .order_by("position", "pk")
        .values_list("pk", flat=True)
    )
    position = max(1, min(int(position), len(ids) + 1))
    ids.insert(position - 1, item.pk)
    if old_parent_id != parent.pk:
        setattr(item, parent_field, parent)
        item.save(update_fields=[parent_field])
        _normalize(model.objects.filter(**{f"{parent_field}_id": old_parent_id}))
    _reorder(target, ids)
    item.refresh_from_db(fields=["position"])
    return item


def _same_course(course: Course, parent_course: Course) -> None:
    if course.pk != parent_course.pk:
        message = _("Move it within its own course.")
        raise ApplicationError(message, code="other_course")


@transaction.atomic
def module_move(*, module: Module, position: int, acting_user: User) -> Module:
    """Put a module at `position` among its course's modules."""
    return _move(
        module,
        parent_field="course",
        parent=module.course,
        position=position,
        acting_user=acting_user,
    )


@transaction.atomic
def lesson_move(*, lesson: Lesson, module: Module, position: int, acting_user: User) -> Lesson:
    """Put a lesson at `position` in `module` (its own or another module of the course)."""
    _same_course(lesson.module.course, module.course)
    return _move(
        lesson, parent_field="module", parent=module, position=position, acting_user=acting_user
    )


@transaction.atomic
def task_move(*, task: Task, lesson: Lesson, position: int, acting_user: User) -> Task:
    """Put a task at `position` in `lesson` (its own or another lesson of the course)."""
    _same_course(task.lesson.module.course, lesson.module.course)
    return _move(
        task, parent_field="lesson", parent=lesson, position=position, acting_user=acting_user
    )
