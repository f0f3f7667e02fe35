"""Creating, changing, copying and deleting courses."""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.accounts.permissions import is_instructor
from lms.catalog.cache import catalog_changed
from lms.catalog.events import LessonChanged
from lms.catalog.models import (
    Course,
    CourseStatus,
    Task,
)
from lms.catalog.services.access import (
    _require_admin,
    _require_author,
    _require_edit,
    course_instructors_set,
    course_permissions_sync,
)
from lms.catalog.services.fields import (
    COURSE_FIELDS,
    LANGUAGE_CODES,
    SANITIZED_FIELDS,
    _assign,
    _full_clean,
    _sanitize_instance,
    _unique_slug,
)
from lms.core.errors import ConflictError
from lms.core.events import publish

# --- Courses ------------------------------------------------------------------------------


def _thumbnail_changed(course: Course, *, creating: bool) -> bool:
    """A new upload (or its removal): the responsive copies must follow."""
    if creating:
        changed = bool(course.thumbnail)
    else:
        stored = Course.objects.filter(pk=course.pk).values_list("thumbnail", flat=True).first()
        changed = (stored or "") != (course.thumbnail.name or "")
    if changed:
        course.thumbnail_sizes = []
    return changed


def _queue_thumbnail_variants(course: Course) -> None:
    if not course.thumbnail:
        return
    from lms.catalog.tasks import course_thumbnail_variants

    course_id = course.pk
    transaction.on_commit(lambda: course_thumbnail_variants(course_id))


@transaction.atomic
def course_save(*, course: Course, acting_user: User) -> Course:
    """Store a course whose fields were already set and validated by a form (the admin
    console). New courses start as drafts with a unique slug; an instructor who creates a
    course teaches it. Rich text is sanitized here, whatever the form did."""
    _require_author(acting_user)
    _sanitize_instance(course, SANITIZED_FIELDS)
    creating = course._state.adding
    if creating:
        course.status = CourseStatus.DRAFT
        course.created_by = acting_user
        course.published_at = None
        with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
            course.slug = course.slug or _unique_slug(course.title)
    else:
        _require_edit(acting_user, course)
    _full_clean(course, exclude=["slug", "instructors"])
    thumbnail_changed = _thumbnail_changed(course, creating=creating)
    course.save()
    if thumbnail_changed:
        _queue_thumbnail_variants(course)
    if creating and is_instructor(acting_user):
        course.instructors.add(acting_user)
        course_permissions_sync(course=course)
    return course


@transaction.atomic
def course_create(
    *, acting_user: User, title: str, instructors: Iterable[User] | None = None, **fields: Any
) -> Course:
    """A new draft course. An instructor who creates it teaches it; an admin may name
    the instructors."""
    _require_author(acting_user)
    course = Course()
    _assign(course, COURSE_FIELDS, {"title": title, **fields})
    course = course_save(course=course, acting_user=acting_user)
    if instructors is not None:
        course_instructors_set(course=course, instructors=instructors, acting_user=acting_user)
    return course


@transaction.atomic
def course_update(*, course: Course, acting_user: User, **fields: Any) -> Course:
    """Change a course's descriptive fields (not its status: that has its own services)."""
    _require_edit(acting_user, course)
    written = _assign(course, COURSE_FIELDS, fields)
    _full_clean(course, exclude=["slug", "instructors"])
    thumbnail_changed = "thumbnail" in written and _thumbnail_changed(course, creating=False)
    course.save(
        update_fields=[
            *[name for name in written if name in _model_field_names(Course)],
            *(["thumbnail_sizes"] if thumbnail_changed else []),
            "updated_at",
        ]
    )
    if thumbnail_changed:
        _queue_thumbnail_variants(course)
    return course


def _model_field_names(model: type[models.Model]) -> set[str]:
    return {field.name for field in model._meta.concrete_fields}


def _copy(instance: models.Model, **changes: Any) -> models.Model:
    copy = type(instance).objects.get(pk=instance.pk)
    copy.pk = None
    copy.id = None
    copy._state.adding = True
    for name, value in changes.items():
        setattr(copy, name, value)
    copy.save()
    return copy


@transaction.atomic
def course_duplicate(*, course: Course, acting_user: User) -> Course:
    """A draft deep copy: modules, lessons, documents (the same stored files) and tasks,
    in the same order; the same instructors; a new slug; title "Copy of …"."""
    _require_edit(acting_user, course)
    titles = {}
    for code in LANGUAGE_CODES:
        original = getattr(course, f"title_{code}", "")
        if original:
            with translation.override(code):
                titles[f"title_{code}"] = _("Copy of %(title)s") % {"title": original}
    with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
        slug = _unique_slug(
            titles.get(f"title_{settings.MODELTRANSLATION_DEFAULT_LANGUAGE}") or course.title
        )
    copy = _copy(
        course,
        slug=slug,
        status=CourseStatus.DRAFT,
        published_at=None,
        submitted_at=None,
        review_feedback="",
        created_by=acting_user,
        **titles,
    )
    copy.instructors.set(course.instructors.all())
    course_permissions_sync(course=copy)
    modules = course.modules.prefetch_related("lessons__documents", "lessons__tasks")
    for module in modules:
        module_copy = _copy(module, course=copy)
        for lesson in module.lessons.all():
            lesson_copy = _copy(lesson, module=module_copy)
            publish(LessonChanged(lesson_id=lesson_copy.pk))
            for document in lesson.documents.all():
                _copy(document, lesson=lesson_copy)
            Task.objects.bulk_create(
                [_unsaved_copy(task, lesson=lesson_copy) for task in lesson.tasks.all()]
            )
    catalog_changed()  # bulk_create sends no save signals
    return copy


def _unsaved_copy(instance: models.Model, **changes: Any) -> models.Model:
    values = {
        field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields
    }
    values.pop(instance._meta.pk.attname)
    copy = type(instance)(**{name: value for name, value in values.items()})
    for name, value in changes.items():
        setattr(copy, name, value)
    return copy


@transaction.atomic
def course_delete(*, course: Course, acting_user: User) -> None:
    """Delete a course that nobody is enrolled in (admins only); otherwise archive it."""
    _require_admin(acting_user)
    if course.enrollments.exists():
        raise ConflictError(
            _(
                "Students are enrolled in this course: archive it instead, so they keep their progress."
            ),
            code="has_enrollments",
        )
    course.delete()
