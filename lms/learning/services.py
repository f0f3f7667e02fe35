"""Writes for a student's learning. Every function is one transaction."""

import math
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.models import Cohort, User
from lms.accounts.permissions import is_admin, is_author
from lms.audit.services import audit_record
from lms.catalog.models import Course, Lesson, Task, TaskKind
from lms.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from lms.core.events import publish
from lms.learning.events import (
    CourseCompleted,
    EnrollmentCreated,
    EnrollmentRevoked,
    LessonUnlocked,
    TaskCompleted,
)
from lms.learning.grading import grading_engine_for
from lms.learning.models import (
    Enrollment,
    EnrollmentSource,
    EnrollmentStatus,
    LessonProgress,
    TaskCompletion,
)
from lms.learning.selectors import (
    LessonAccess,
    Roadmap,
    TaskStep,
    course_task_counts,
    enrollment_get,
    lesson_access_check,
    roadmap_with_done,
)

# Twelve hours: longer positions or durations are not a real lesson video.
MAX_VIDEO_SECONDS = 12 * 3600


def _restored_status(enrollment: Enrollment) -> str:
    """The one rule for giving a revoked enrollment back (enrolling again or reactivating):
    a course once completed stays completed; otherwise it is active."""
    return EnrollmentStatus.COMPLETED if enrollment.completed_at else EnrollmentStatus.ACTIVE


def _already_enrolled() -> ConflictError:
    return ConflictError(_("You are already enrolled in this course."), code="already_enrolled")


def enrollment_refuse_staff(*, user: User) -> None:
    """Who enrolls themselves: students. Admins and instructors are refused (403
    `staff_cannot_enroll`): admins and a course's instructors open it without enrolling
    (the preview of lms.learning.selectors), and an enrollment would put staff in the
    course's students, its reports and leaderboards. An admin may still enroll anyone from
    the console (`acting_user`)."""
    if is_author(user):
        raise PermissionDeniedError(
            _(
                "Staff accounts do not enroll in courses: admins and a course's instructors "
                "open it without enrolling. To take a course as a student, use a student "
                "account."
            ),
            code="staff_cannot_enroll",
        )


def enrollment_refuse_duplicate(*, user: User, course: Course) -> None:
    """The rules for enrolling oneself, for a check before paying: staff are refused
    (`enrollment_refuse_staff`); an active or completed enrollment is a 409
    `already_enrolled`; a revoked one may be enrolled again (`enrollment_create` reactivates
    it). `enrollment_create` applies the same rules, the second under the row lock."""
    enrollment_refuse_staff(user=user)
    existing = enrollment_get(user=user, course=course)
    if existing is not None and existing.gives_access:
        raise _already_enrolled()


@transaction.atomic
def enrollment_create(
    *,
    user: User,
    course: Course,
    source: str,
    acting_user: User | None = None,
    request: HttpRequest | None = None,
) -> Enrollment:
    """Enroll `user` in `course`. A revoked enrollment is reactivated (progress kept, and a
    completed course stays completed);
    an existing active or completed one is a 409 `already_enrolled`, and no second row is
    ever written (the unique constraint settles simultaneous requests). The audit log names
    `acting_user` (an admin), or the person themselves (checkout, payment), who must be a
    student (`enrollment_refuse_staff`)."""
    if source not in EnrollmentSource.values:
        raise ValueError(f"Unknown enrollment source: {source}")
    if acting_user is None:
        enrollment_refuse_staff(user=user)
    existing = Enrollment.objects.select_for_update().filter(user=user, course=course).first()
    if existing is not None:
        if existing.gives_access:
            raise _already_enrolled()
        existing.status = _restored_status(existing)
        existing.source = source
        existing.enrolled_at = timezone.now()
        existing.save(update_fields=["status", "source", "enrolled_at"])
        _enrollment_created_publish(existing, reactivated=True)
        _enrollment_audit(
            existing,
            "enrollment.reactivate",
            acting_user or user,
            EnrollmentStatus.REVOKED,
            request=request,
        )
        return existing
    try:
        with transaction.atomic():
            enrollment = Enrollment.objects.create(user=user, course=course, source=source)
    except IntegrityError as error:
        raise _already_enrolled() from error
    _enrollment_created_publish(enrollment, reactivated=False)
    _enrollment_audit(enrollment, "enrollment.create", acting_user or user, None, request=request)
    return enrollment


def _enrollment_audit(
    enrollment: Enrollment,
    action: str,
    actor: User | None,
    old_status: str | None,
    request: HttpRequest | None = None,
) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=enrollment,
        changes={
            "user": enrollment.user_id,
            "course": enrollment.course_id,
            "source": enrollment.source,
            "status": [old_status, enrollment.status],
        },
        request=request,
    )


def _enrollment_created_publish(enrollment: Enrollment, *, reactivated: bool) -> None:
    publish(
        EnrollmentCreated(
            enrollment_id=enrollment.pk,
            user_id=enrollment.user_id,
            course_id=enrollment.course_id,
            source=enrollment.source,
            reactivated=reactivated,
        )
    )


@transaction.atomic
def enrollment_revoke(
    *, enrollment: Enrollment, acting_user: User | None = None, request: HttpRequest | None = None
) -> Enrollment:
    """Take away access (after a refund, say). Completions are kept, so re-enrolling later
    resumes where the student stopped. `acting_user` is who revoked (None: the system)."""
    old_status = enrollment.status
    enrollment.status = EnrollmentStatus.REVOKED
    enrollment.save(update_fields=["status"])
    _enrollment_audit(enrollment, "enrollment.revoke", acting_user, old_status, request=request)
    publish(
        EnrollmentRevoked(
            enrollment_id=enrollment.pk, user_id=enrollment.user_id, course_id=enrollment.course_id
        )
    )
    return enrollment


@transaction.atomic
def enrollment_reactivate(
    *, enrollment: Enrollment, acting_user: User | None = None, request: HttpRequest | None = None
) -> Enrollment:
    """Give a revoked enrollment its access back, with all its progress. A completed course
    stays completed; an active one is left as it is."""
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if enrollment.status == EnrollmentStatus.REVOKED:
        enrollment.status = _restored_status(enrollment)
        enrollment.save(update_fields=["status"])
        _enrollment_created_publish(enrollment, reactivated=True)
        _enrollment_audit(
            enrollment,
            "enrollment.reactivate",
            acting_user,
            EnrollmentStatus.REVOKED,
            request=request,
        )
    return enrollment


@transaction.atomic
def course_enroll_users(
    *, course: Course, users: Iterable[User], acting_user: User, request: HttpRequest | None = None
) -> dict[str, int]:
    """An admin enrolls people (source "admin"). Inactive people and those already enrolled
    are skipped; revoked enrollments are reactivated with their progress. Returns
    {"enrolled", "skipped"}."""
    if not is_admin(acting_user):
        raise PermissionDeniedError(_("Only an admin can do this."), code="admin_only")
    counts = {"enrolled": 0, "skipped": 0}
    for user in users:
        if not user.is_active:
            continue
        try:
            enrollment_create(
                user=user,
                course=course,
                source=EnrollmentSource.ADMIN,
                acting_user=acting_user,
                request=request,
            )
        except ConflictError:
            counts["skipped"] += 1
        else:
            counts["enrolled"] += 1
    return counts


@transaction.atomic
def course_enroll_cohort(
    *, course: Course, cohort: Cohort, acting_user: User, request: HttpRequest | None = None
) -> dict[str, int]:
    """Enroll every active member of a group; see course_enroll_users."""
    return course_enroll_users(
        course=course,
        users=cohort.members.filter(is_active=True),
        acting_user=acting_user,
        request=request,
    )


# --- Completing tasks and remembering the video position ----------------------------------


@dataclass(frozen=True)
class TaskCompleteResult:
    completion: TaskCompletion
    created: bool  # False when the task was already done (the call is idempotent)
    course_completed: bool  # True when this completion finished the course
    roadmap: Roadmap  # the course as it is after this completion

    @property
    def next_step(self) -> TaskStep | None:
        return self.roadmap.next_step


@dataclass(frozen=True)
class LessonProgressResult:
    progress: LessonProgress
    completed_tasks: list[Task]  # watch tasks this call completed (empty most of the time)
    course_completed: bool


def _recording_access(*, user: User, lesson: Lesson) -> LessonAccess:
    """The lock check for a write, plus the rule that previews record nothing. Locks the
    enrollment row so that one student's writes to one course run one after another (the
    last two tasks completed at once still complete the course exactly once)."""
    access = lesson_access_check(user=user, lesson=lesson)
    if not access.roadmap.records_progress:
        raise PermissionDeniedError(
            _("This is a preview: progress is recorded only for enrolled students."),
            code="preview_only",
        )
    Enrollment.objects.select_for_update().filter(pk=access.roadmap.enrollment.pk).first()
    return access


def _completion_record(
    *, user: User, task: Task, enrollment: Enrollment, source: str
) -> tuple[TaskCompletion, bool, bool]:
    try:
        with transaction.atomic():
            completion, created = TaskCompletion.objects.get_or_create(user=user, task=task)
    except IntegrityError:  # the same task completed by a simultaneous request
        completion, created = TaskCompletion.objects.get(user=user, task=task), False
    course_completed = False
    if created and enrollment.status == EnrollmentStatus.ACTIVE:
        counts = course_task_counts(user=user, course=enrollment.course)
        if counts.is_complete:
            now = timezone.now()
            course_completed = bool(
                Enrollment.objects.filter(pk=enrollment.pk, status=EnrollmentStatus.ACTIVE).update(
                    status=EnrollmentStatus.COMPLETED, completed_at=now
                )
            )
            if course_completed:
                enrollment.status, enrollment.completed_at = EnrollmentStatus.COMPLETED, now
    if created:
        publish(
            TaskCompleted(
                user_id=user.pk,
                task_id=task.pk,
                lesson_id=task.lesson_id,
                course_id=enrollment.course_id,
                source=source,
            )
        )
    if course_completed:
        publish(
            CourseCompleted(
                enrollment_id=enrollment.pk, user_id=user.pk, course_id=enrollment.course_id
            )
        )
    return completion, created, course_completed


def _locked_lesson_ids(roadmap: Roadmap) -> set[int]:
    return {
        lesson_step.lesson.pk
        for module_step in roadmap.modules
        for lesson_step in module_step.lessons
        if not lesson_step.is_open
    }


def _unlocked_publish(*, user: User, before: Roadmap, after: Roadmap) -> None:
    """One LessonUnlocked per lesson the lock rules kept shut in `before` and open in
    `after` (both already loaded: no query). Nothing when the course is complete: the
    course-completed notification says it all."""
    if after.is_complete:
        return
    opened = _locked_lesson_ids(before) - _locked_lesson_ids(after)
    for lesson_id in sorted(opened):
        publish(LessonUnlocked(user_id=user.pk, course_id=after.course.pk, lesson_id=lesson_id))


def _task_complete(*, user: User, task: Task, source: str) -> TaskCompleteResult:
    """What every completion shares: the lock check, the enrollment row lock, one row per
    user and task, and completing the course with the last counted task."""
    access = _recording_access(user=user, lesson=task.lesson)
    completion, created, course_completed = _completion_record(
        user=user, task=task, enrollment=access.roadmap.enrollment, source=source
    )
    roadmap = roadmap_with_done(access.roadmap, task_ids=[task.pk])
    if created and not course_completed:
        _unlocked_publish(user=user, before=access.roadmap, after=roadmap)
    return TaskCompleteResult(
        completion=completion,
        created=created,
        course_completed=course_completed,
        roadmap=roadmap,
    )


@transaction.atomic
def task_complete(*, user: User, task: Task) -> TaskCompleteResult:
    """Record that `user` did `task` ("mark as done").

    Only kinds a student completes by saying so (watch, read, practice) are
    accepted; quizzes, exams and assignments are completed by what grades them. A task of a
    locked lesson, a course the user cannot study, or a preview is refused with a 403 and
    the reason, and nothing is written. Calling it again is harmless: one row per user and
    task (database constraint). The completion that finishes the course marks the enrollment
    completed."""
    if not task.is_self_completed:
        raise PermissionDeniedError(
            _("“%(task)s” is completed by its %(kind)s, not by marking it done.")
            % {"task": task.title, "kind": task.get_kind_display().lower()},
            code="not_self_completed",
        )
    return _task_complete(user=user, task=task, source="self")


@transaction.atomic
def task_complete_graded(*, user: User, task: Task, source: str) -> TaskCompleteResult:
    """Record that `user` met the rule of a graded task (passed the quiz, had the
    assignment accepted...). Called by the context registered as the grading engine of the
    task's kind (lms/learning/grading.py), with `source` naming what graded it; the same
    rules as `task_complete` apply (open lesson, enrolled student, idempotent, completes the
    course with the last task)."""
    if task.is_self_completed or grading_engine_for(task.kind) is None:
        raise ValueError(f"No grading engine is registered for {task.kind!r} tasks")
    return _task_complete(user=user, task=task, source=source)


@transaction.atomic
def lesson_progress_save(
    *, user: User, lesson: Lesson, position_seconds: float, duration_seconds: float
) -> LessonProgressResult:
    """Remember where `user` is in `lesson`'s video (one row per user and lesson, so the
    player resumes there on any device). When the position reaches
    `LMS_WATCH_COMPLETE_RATIO` of the duration, the lesson's watch tasks complete themselves
    (through the same rules as `task_complete`). Locked lessons and previews are refused."""
    errors: dict[str, list[str]] = {}
    for name, value in (
        ("position_seconds", position_seconds),
        ("duration_seconds", duration_seconds),
    ):
        if not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
            errors[name] = [_("Send a number of seconds, zero or more.")]
        elif value > MAX_VIDEO_SECONDS:
            errors[name] = [_("That is longer than any video here.")]
    if errors:
        raise ApplicationError(_("Check the highlighted fields."), code="invalid", fields=errors)
    position = round(position_seconds)
    duration = round(duration_seconds)
    if duration:
        position = min(position, duration)

    access = _recording_access(user=user, lesson=lesson)
    progress, _created = LessonProgress.objects.update_or_create(
        user=user,
        lesson=lesson,
        defaults={"video_position_seconds": position, "video_duration_seconds": duration},
    )
    completed_tasks: list[Task] = []
    course_completed = False
    if duration and position_seconds / duration_seconds >= settings.LMS_WATCH_COMPLETE_RATIO:
        for step in access.step.tasks:
            if step.task.kind == TaskKind.WATCH and not step.is_done:
                _completion, created, finished = _completion_record(
                    user=user, task=step.task, enrollment=access.roadmap.enrollment, source="video"
                )
                if created:
                    completed_tasks.append(step.task)
                course_completed = course_completed or finished
    if completed_tasks and not course_completed:
        _unlocked_publish(
            user=user,
            before=access.roadmap,
            after=roadmap_with_done(access.roadmap, task_ids=[t.pk for t in completed_tasks]),
        )
    return LessonProgressResult(
        progress=progress, completed_tasks=completed_tasks, course_completed=course_completed
    )
