"""The review workflow: draft -> in review -> published (or back), and archiving."""

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.audit.services import audit_record
from lms.catalog.events import CoursePublished, CourseReviewed, CourseSubmitted
from lms.catalog.models import Course, CourseStatus
from lms.catalog.services.access import _require_admin, _require_edit
from lms.catalog.services.publishing import require_publishable
from lms.core.errors import ApplicationError, ConflictError
from lms.core.events import publish


def _set_status(
    course: Course,
    status: str,
    *,
    action: str,
    acting_user: User,
    request: HttpRequest | None,
    **extra: Any,
) -> Course:
    """Move the course to `status` and record the decision in the audit log."""
    changes = {"status": [course.status, status]}
    if extra.get("review_feedback"):
        changes["review_feedback"] = extra["review_feedback"]
    course.status = status
    for name, value in extra.items():
        setattr(course, name, value)
    course.save(update_fields=["status", *extra, "updated_at"])
    audit_record(actor=acting_user, action=action, target=course, changes=changes, request=request)
    return course


def _locked_course(course: Course) -> Course:
    return Course.objects.select_for_update().get(pk=course.pk)


@transaction.atomic
def course_submit_for_review(
    *, course: Course, acting_user: User, request: HttpRequest | None = None
) -> Course:
    """An instructor (or admin) asks for a draft to be published. The course must pass
    the publishing rule (`course_publish_problems`): the same one approving and publishing
    ask."""
    _require_edit(acting_user, course)
    course = _locked_course(course)
    if course.status != CourseStatus.DRAFT:
        raise ConflictError(_("Only a draft can be submitted for review."), code="not_draft")
    require_publishable(course)
    course = _set_status(
        course,
        CourseStatus.IN_REVIEW,
        action="course.submit_for_review",
        acting_user=acting_user,
        request=request,
        submitted_at=timezone.now(),
    )
    publish(CourseSubmitted(course_id=course.pk, acting_user_id=acting_user.pk))
    return course


@transaction.atomic
def course_approve(
    *, course: Course, acting_user: User, request: HttpRequest | None = None
) -> Course:
    """An admin accepts a course in review: it is published and earlier feedback cleared."""
    _require_admin(acting_user)
    course = _locked_course(course)
    if course.status != CourseStatus.IN_REVIEW:
        raise ConflictError(_("Only a course in review can be approved."), code="not_in_review")
    require_publishable(course)
    course = _set_status(
        course,
        CourseStatus.PUBLISHED,
        action="course.approve",
        acting_user=acting_user,
        request=request,
        published_at=course.published_at or timezone.now(),
        review_feedback="",
    )
    publish(CourseReviewed(course_id=course.pk, acting_user_id=acting_user.pk, approved=True))
    publish(CoursePublished(course_id=course.pk, acting_user_id=acting_user.pk))
    return course


@transaction.atomic
def course_reject(
    *, course: Course, acting_user: User, feedback: str, request: HttpRequest | None = None
) -> Course:
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
    course = _set_status(
        course,
        CourseStatus.DRAFT,
        action="course.reject",
        acting_user=acting_user,
        request=request,
        review_feedback=feedback,
    )
    publish(
        CourseReviewed(
            course_id=course.pk, acting_user_id=acting_user.pk, approved=False, feedback=feedback
        )
    )
    return course


@transaction.atomic
def course_publish(
    *, course: Course, acting_user: User, request: HttpRequest | None = None
) -> Course:
    """An admin publishes a course directly (from draft, review or archive)."""
    _require_admin(acting_user)
    course = _locked_course(course)
    if course.status == CourseStatus.PUBLISHED:
        return course
    require_publishable(course)
    course = _set_status(
        course,
        CourseStatus.PUBLISHED,
        action="course.publish",
        acting_user=acting_user,
        request=request,
        published_at=course.published_at or timezone.now(),
    )
    publish(CoursePublished(course_id=course.pk, acting_user_id=acting_user.pk))
    return course


@transaction.atomic
def course_unpublish(
    *, course: Course, acting_user: User, request: HttpRequest | None = None
) -> Course:
    """Take a course off the catalog (back to draft). Enrolled students keep their
    enrollments and completions."""
    _require_admin(acting_user)
    course = _locked_course(course)
    if course.status != CourseStatus.PUBLISHED:
        raise ConflictError(_("Only a published course can be unpublished."), code="not_published")
    return _set_status(
        course,
        CourseStatus.DRAFT,
        action="course.unpublish",
        acting_user=acting_user,
        request=request,
    )


@transaction.atomic
def course_archive(
    *, course: Course, acting_user: User, request: HttpRequest | None = None
) -> Course:
    """Retire a course. Nothing is deleted: enrollments and completions stay."""
    _require_admin(acting_user)
    course = _locked_course(course)
    return _set_status(
        course,
        CourseStatus.ARCHIVED,
        action="course.archive",
        acting_user=acting_user,
        request=request,
    )
