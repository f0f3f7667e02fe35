"""Enrolling people from the console."""

from collections.abc import Iterable

from django.db import transaction

from lms.accounts.models import Cohort, User
from lms.catalog.models import (
    Course,
)
from lms.catalog.services.access import _require_admin
from lms.core.errors import ConflictError

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
