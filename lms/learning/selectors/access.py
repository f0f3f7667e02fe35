"""Who may use a course: enrolled students, the course's instructors and admins (preview),
nobody else."""

from dataclasses import dataclass

from django.db.models import FilteredRelation, Q, QuerySet
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.accounts.permissions import can_preview_course
from lms.catalog.models import Course
from lms.core.prepared import PreparedValues, concrete_values, instance_from_row
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
    return _access_decide(user=user, course=course, enrollment=enrollment)


def _access_decide(*, user: User, course: Course, enrollment: Enrollment | None) -> _Access:
    """The access of a signed-in person whose enrollment (or its absence) is known: no
    query, but the instructor check for staff."""
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


_COURSE_VALUES = concrete_values(Course)
_ENROLLMENT_VALUES = concrete_values(Enrollment)


def _course_with_enrollment(*, slug: str, user_id: int) -> QuerySet:
    # Every language's column as it is (no rewriting of `title` into the active language's
    # column): the SQL is built once for all languages.
    return (
        Course._default_manager.rewrite(False)
        .filter(slug=slug)
        .annotate(mine=FilteredRelation("enrollments", condition=Q(enrollments__user_id=user_id)))
        .order_by()
        .values(*_COURSE_VALUES, *(f"mine__{name}" for name in _ENROLLMENT_VALUES))
    )


# The roadmap (its page and its API) opens with this read: the SQL is built once per process.
_COURSE_WITH_ENROLLMENT = PreparedValues(_course_with_enrollment, slug=str, user_id=int)


def course_access_get(*, user: User, slug: str) -> tuple[Course, _Access] | None:
    """The course with this slug (whatever its status: access decides who sees it) and the
    person's access to it, or None when no course has the slug. One query for the course
    and the person's enrollment together, then the instructor check for staff only."""
    if user is None or not user.is_authenticated:
        course = Course.objects.filter(slug=slug).first()
        return None if course is None else (course, _access_get(user=user, course=course))
    rows = _COURSE_WITH_ENROLLMENT.rows(slug=slug, user_id=user.pk)
    if not rows:
        return None
    row = rows[0]
    course = instance_from_row(Course, {name: row[name] for name in _COURSE_VALUES})
    enrollment = None
    if row["mine__id"] is not None:
        enrollment = instance_from_row(
            Enrollment, {name: row[f"mine__{name}"] for name in _ENROLLMENT_VALUES}
        )
        enrollment.course = course  # spare a query to whoever reads it next
    return course, _access_decide(user=user, course=course, enrollment=enrollment)
