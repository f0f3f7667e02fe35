"""Writes for the catalog: courses and their roadmap, the review workflow, enrolling people
from the console, and instructor applications. Every function is one transaction.

Who may do what is checked here too (not only in the faces), so the admin console and the
API cannot disagree: instructors change only the courses they teach and never publish;
admins do everything.
"""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, get_users_with_perms, remove_perm

from lms.accounts.models import Cohort, Role, User
from lms.catalog.events import CoursePublished, CourseReviewed, CourseSubmitted
from lms.catalog.models import (
    Course,
    CourseStatus,
    InstructorApplication,
    Lesson,
    LessonDocument,
    Module,
    Task,
)
from lms.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from lms.core.events import publish
from lms.core.html import sanitize_html

# Object permissions an instructor holds on each course they teach.
INSTRUCTOR_COURSE_PERMS = ("catalog.change_course", "catalog.view_course")
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def _translated(*names: str) -> set[str]:
    return {f"{name}_{code}" for name in names for code in LANGUAGE_CODES}


COURSE_FIELDS = {
    "title",
    "summary",
    "description",
    "domain",
    "level",
    "language",
    "thumbnail",
    "price",
    "currency",
    "enrollment_mode",
} | _translated("title", "summary", "description")
MODULE_FIELDS = {"title", "free_order"} | _translated("title")
LESSON_FIELDS = {
    "title",
    "body",
    "video_file",
    "video_url",
    "subtitles",
    "estimated_minutes",
} | _translated("title")
TASK_FIELDS = {"title", "kind"} | _translated("title")
SANITIZED_FIELDS = {"description", "body"} | _translated("description")


# --- Helpers ------------------------------------------------------------------------------


def _fields_error(error: ValidationError) -> ApplicationError:
    if hasattr(error, "error_dict"):
        fields = {
            name: [str(m) for e in errors for m in e.messages]
            for name, errors in error.error_dict.items()
        }
    else:
        fields = {"non_field_errors": [str(m) for m in error.messages]}
    return ApplicationError(_("Check the highlighted fields."), code="invalid", fields=fields)


def _assign(instance: models.Model, allowed: set[str], changes: dict[str, Any]) -> list[str]:
    """Set the given fields. A plain `title` means the default language (not whichever
    language the request happens to use), so writes do not depend on the reader's language."""
    unknown = set(changes) - allowed
    if unknown:
        raise ApplicationError(
            _("These fields cannot be changed here: %s") % ", ".join(sorted(unknown))
        )
    translated_bases = {
        name.rsplit("_", 1)[0] for name in allowed if name.rsplit("_", 1)[-1] in LANGUAGE_CODES
    }
    written = []
    with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
        for name, value in changes.items():
            if name in SANITIZED_FIELDS:
                value = sanitize_html(value or "")
            setattr(instance, name, value)
            written.append(name)
            if name in translated_bases:
                written.append(f"{name}_{settings.MODELTRANSLATION_DEFAULT_LANGUAGE}")
    return sorted(set(written))


def _full_clean(instance: models.Model, exclude: list[str] | None = None) -> None:
    try:
        instance.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as error:
        raise _fields_error(error) from error


def _sanitize_instance(instance: models.Model, names: Iterable[str]) -> None:
    # In the default language: a plain translated name (`description`) then reads and writes
    # that language's field. In another language it would read the default language's text
    # as a fallback and write it into the other language's empty field.
    with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
        for name in names:
            if hasattr(instance, name):
                setattr(instance, name, sanitize_html(getattr(instance, name) or ""))


def _unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(title)[:200] or "course"
    slug, number = base, 2
    taken = Course.objects.exclude(pk=exclude_pk)
    while taken.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


def course_can_edit(*, user: User, course: Course) -> bool:
    """Admins edit every course; instructors those they hold the object permission on."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.role == Role.ADMIN:
        return True
    return user.role == Role.INSTRUCTOR and user.has_perm("catalog.change_course", course)


def _require_edit(user: User, course: Course) -> None:
    if not course_can_edit(user=user, course=course):
        raise PermissionDeniedError(
            _("You can only change courses you teach."), code="not_course_instructor"
        )


def _require_admin(user: User) -> None:
    if not (user.is_authenticated and user.role == Role.ADMIN):
        raise PermissionDeniedError(_("Only an admin can do this."), code="admin_only")


def _require_author(user: User) -> None:
    if not (user.is_authenticated and user.role in (Role.ADMIN, Role.INSTRUCTOR)):
        raise PermissionDeniedError(
            _("Only admins and instructors can write courses."), code="not_author"
        )


# --- Instructors and their object permissions ---------------------------------------------


@transaction.atomic
def course_permissions_sync(*, course: Course) -> None:
    """Make the object permissions match the instructor list: every instructor of the
    course holds change/view on it, and nobody else holds them as a user permission."""
    instructors = set(course.instructors.all())
    holders = set(
        get_users_with_perms(
            course, only_with_perms_in=["change_course", "view_course"], with_group_users=False
        )
    )
    for user in holders - instructors:
        for perm in INSTRUCTOR_COURSE_PERMS:
            remove_perm(perm, user, course)
    for user in instructors - holders:
        for perm in INSTRUCTOR_COURSE_PERMS:
            assign_perm(perm, user, course)


@transaction.atomic
def course_instructors_set(
    *, course: Course, instructors: Iterable[User], acting_user: User
) -> Course:
    """Set who teaches a course (admins only). Only people with the instructor role can
    teach; their object permissions follow."""
    _require_admin(acting_user)
    instructors = list(instructors)
    not_instructors = [str(user) for user in instructors if user.role != Role.INSTRUCTOR]
    if not_instructors:
        raise ApplicationError(
            _("Only instructors can teach a course: %s") % ", ".join(not_instructors),
            code="not_instructor",
            fields={"instructors": [_("Only instructors can teach a course.")]},
        )
    course.instructors.set(instructors)
    course_permissions_sync(course=course)
    return course


# --- Courses ------------------------------------------------------------------------------


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
    course.save()
    if creating and acting_user.role == Role.INSTRUCTOR:
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
    course.save(
        update_fields=[
            *[name for name in written if name in _model_field_names(Course)],
            "updated_at",
        ]
    )
    return course


def _model_field_names(model: type[models.Model]) -> set[str]:
    return {field.name for field in model._meta.concrete_fields}


def _set_status(course: Course, status: str, **extra: Any) -> Course:
    course.status = status
    for name, value in extra.items():
        setattr(course, name, value)
    course.save(update_fields=["status", *extra, "updated_at"])
    return course


def _locked_course(course: Course) -> Course:
    return Course.objects.select_for_update().get(pk=course.pk)


@transaction.atomic
def course_submit_for_review(*, course: Course, acting_user: User) -> Course:
    """An instructor (or admin) asks for a draft to be published. The course needs at
    least one lesson: an empty roadmap cannot be reviewed."""
    _require_edit(acting_user, course)
    course = _locked_course(course)
    if course.status != CourseStatus.DRAFT:
        raise ConflictError(_("Only a draft can be submitted for review."), code="not_draft")
    if not Lesson.objects.filter(module__course=course).exists():
        raise ApplicationError(
            _("Add at least one lesson before submitting for review."), code="empty_course"
        )
    course = _set_status(course, CourseStatus.IN_REVIEW, submitted_at=timezone.now())
    publish(CourseSubmitted(course_id=course.pk, acting_user_id=acting_user.pk))
    return course


@transaction.atomic
def course_approve(*, course: Course, acting_user: User) -> Course:
    """An admin accepts a course in review: it is published and earlier feedback cleared."""
    _require_admin(acting_user)
    course = _locked_course(course)
    if course.status != CourseStatus.IN_REVIEW:
        raise ConflictError(_("Only a course in review can be approved."), code="not_in_review")
    course = _set_status(
        course,
        CourseStatus.PUBLISHED,
        published_at=course.published_at or timezone.now(),
        review_feedback="",
    )
    publish(CourseReviewed(course_id=course.pk, acting_user_id=acting_user.pk, approved=True))
    publish(CoursePublished(course_id=course.pk, acting_user_id=acting_user.pk))
    return course


@transaction.atomic
def course_reject(*, course: Course, acting_user: User, feedback: str) -> Course:
    """An admin sends a course in review back to draft with feedback the instructors read
    on the course page."""
    _require_admin(acting_user)
    feedback = (feedback or "").strip()
    if not feedback:
        message = _("Tell the instructor what to change.")
        raise ApplicationError(message, code="feedback_required", fields={"feedback": [message]})
    course = _locked_course(course)
    if course.status != CourseStatus.IN_REVIEW:
        raise ConflictError(_("Only a course in review can be rejected."), code="not_in_review")
    course = _set_status(course, CourseStatus.DRAFT, review_feedback=feedback)
    publish(
        CourseReviewed(
            course_id=course.pk, acting_user_id=acting_user.pk, approved=False, feedback=feedback
        )
    )
    return course


@transaction.atomic
def course_publish(*, course: Course, acting_user: User) -> Course:
    """An admin publishes a course directly (from draft, review or archive)."""
    _require_admin(acting_user)
    course = _locked_course(course)
    if course.status == CourseStatus.PUBLISHED:
        return course
    course = _set_status(
        course, CourseStatus.PUBLISHED, published_at=course.published_at or timezone.now()
    )
    publish(CoursePublished(course_id=course.pk, acting_user_id=acting_user.pk))
    return course


@transaction.atomic
def course_unpublish(*, course: Course, acting_user: User) -> Course:
    """Take a course off the catalog (back to draft). Enrolled students keep their
    enrollments and completions."""
    _require_admin(acting_user)
    course = _locked_course(course)
    if course.status != CourseStatus.PUBLISHED:
        raise ConflictError(_("Only a published course can be unpublished."), code="not_published")
    return _set_status(course, CourseStatus.DRAFT)


@transaction.atomic
def course_archive(*, course: Course, acting_user: User) -> Course:
    """Retire a course. Nothing is deleted: enrollments and completions stay."""
    _require_admin(acting_user)
    course = _locked_course(course)
    return _set_status(course, CourseStatus.ARCHIVED)


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
            for document in lesson.documents.all():
                _copy(document, lesson=lesson_copy)
            Task.objects.bulk_create(
                [_unsaved_copy(task, lesson=lesson_copy) for task in lesson.tasks.all()]
            )
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
    queryset.model.objects.bulk_update(changed, ["position"])


def _normalize(queryset: models.QuerySet) -> None:
    ids = list(queryset.order_by("position", "pk").values_list("pk", flat=True))
    _reorder(queryset, ids)


def _next_position(queryset: models.QuerySet) -> int:
    return (queryset.aggregate(top=Max("position"))["top"] or 0) + 1


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
    _require_edit(acting_user, module.course)
    if module._state.adding and not module.position:
        module.position = _next_position(module.course.modules.all())
    module.save()
    return module


@transaction.atomic
def module_delete(*, module: Module, acting_user: User) -> None:
    """Delete a module with its lessons and tasks; the others close the gap."""
    course = module.course
    _require_edit(acting_user, course)
    module.delete()
    _normalize(Module.objects.filter(course=course))


@transaction.atomic
def lesson_create(*, module: Module, acting_user: User, title: str, **fields: Any) -> Lesson:
    _require_edit(acting_user, module.course)
    lesson = Lesson(module=module, position=_next_position(module.lessons.all()))
    _assign(lesson, LESSON_FIELDS, {"title": title, **fields})
    _full_clean(lesson)
    lesson.save()
    return lesson


@transaction.atomic
def lesson_update(*, lesson: Lesson, acting_user: User, **fields: Any) -> Lesson:
    _require_edit(acting_user, lesson.module.course)
    _assign(lesson, LESSON_FIELDS, fields)
    _full_clean(lesson)
    lesson.save()
    return lesson


@transaction.atomic
def lesson_save(*, lesson: Lesson, acting_user: User) -> Lesson:
    """Store a lesson whose fields a validated form set (the console); the body is
    sanitized and a new lesson goes to the end of its module."""
    _require_edit(acting_user, lesson.module.course)
    _sanitize_instance(lesson, SANITIZED_FIELDS)
    if lesson._state.adding and not lesson.position:
        lesson.position = _next_position(lesson.module.lessons.all())
    lesson.save()
    return lesson


@transaction.atomic
def lesson_delete(*, lesson: Lesson, acting_user: User) -> None:
    module = lesson.module
    _require_edit(acting_user, module.course)
    lesson.delete()
    _normalize(Lesson.objects.filter(module=module))


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
def task_delete(*, task: Task, acting_user: User) -> None:
    """Delete a task (and its completions); the others close the gap."""
    lesson = task.lesson
    _require_edit(acting_user, lesson.module.course)
    task.delete()
    _normalize(Task.objects.filter(lesson=lesson))


# --- Enrolling people from the console ----------------------------------------------------


@transaction.atomic
def course_enroll_users(
    *, course: Course, users: Iterable[User], acting_user: User
) -> dict[str, int]:
    """Enroll people (source "admin"). Those already enrolled are skipped, revoked
    enrollments are reactivated with their progress. Returns {"enrolled", "skipped"}."""
    from lms.learning.models import ACCESS_STATUSES, Enrollment
    from lms.learning.services import enrollment_create

    _require_admin(acting_user)
    users = [user for user in users if user.is_active]
    enrolled_ids = set(
        Enrollment.objects.filter(
            course=course, user__in=users, status__in=ACCESS_STATUSES
        ).values_list("user_id", flat=True)
    )
    counts = {"enrolled": 0, "skipped": 0}
    for user in users:
        if user.pk in enrolled_ids:
            counts["skipped"] += 1
            continue
        try:
            enrollment_create(user=user, course=course, source="admin")
        except ConflictError:
            counts["skipped"] += 1
        else:
            counts["enrolled"] += 1
    return counts


@transaction.atomic
def course_enroll_cohort(*, course: Course, cohort: Cohort, acting_user: User) -> dict[str, int]:
    """Enroll every active member of a group; see course_enroll_users."""
    return course_enroll_users(
        course=course, users=cohort.members.filter(is_active=True), acting_user=acting_user
    )


# --- Instructor applications --------------------------------------------------------------


@transaction.atomic
def instructor_application_submit(
    *, user: User, expertise: str, motivation: str
) -> InstructorApplication:
    """A student asks to teach. One pending application per person."""
    if user.role != Role.STUDENT:
        raise ApplicationError(_("Only students can apply to teach."), code="not_student")
    if InstructorApplication.objects.filter(
        user=user, status=InstructorApplication.Status.PENDING
    ).exists():
        raise ConflictError(
            _("Your application is already waiting for review."), code="already_pending"
        )
    application = InstructorApplication(
        user=user, expertise=expertise.strip(), motivation=motivation.strip()
    )
    _full_clean(application, exclude=["user", "reviewed_by"])
    application.save()
    return application


def _pending_application(application: InstructorApplication) -> InstructorApplication:
    application = (
        InstructorApplication.objects.select_for_update()
        .select_related("user")
        .get(pk=application.pk)
    )
    if application.status != InstructorApplication.Status.PENDING:
        raise ConflictError(_("This application was already reviewed."), code="already_reviewed")
    return application


@transaction.atomic
def instructor_application_approve(
    *, application: InstructorApplication, acting_user: User
) -> InstructorApplication:
    """An admin accepts: the person becomes an instructor."""
    from lms.accounts.services import users_change_role

    _require_admin(acting_user)
    application = _pending_application(application)
    users_change_role(user_ids=[application.user_id], role=Role.INSTRUCTOR, acting_user=acting_user)
    application.status = InstructorApplication.Status.APPROVED
    application.reviewed_at = timezone.now()
    application.reviewed_by = acting_user
    application.save(update_fields=["status", "reviewed_at", "reviewed_by"])
    return application


@transaction.atomic
def instructor_application_reject(
    *, application: InstructorApplication, acting_user: User, feedback: str = ""
) -> InstructorApplication:
    """An admin declines; the applicant sees the feedback and may apply again."""
    _require_admin(acting_user)
    application = _pending_application(application)
    application.status = InstructorApplication.Status.REJECTED
    application.feedback = feedback.strip()
    application.reviewed_at = timezone.now()
    application.reviewed_by = acting_user
    application.save(update_fields=["status", "feedback", "reviewed_at", "reviewed_by"])
    return application
