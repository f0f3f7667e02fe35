"""Who may use a course: enrolled students, the course's instructors and admins (preview),
nobody else."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.accounts.permissions import can_preview_course
from lms.catalog.models import Course
from lms.learning.models import ACCESS_STATUSES, Enrollment, EnrollmentStatus
from lms.learning.selectors.state import AccessMode


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
