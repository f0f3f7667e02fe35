"""Enrolling many people in one course at a fixed cost: the rule of `course_enroll_users`
(active or completed enrollments are left alone, revoked ones come back with their progress,
everyone else gets a new one), in three queries whatever the number of people."""

from django.db import transaction
from django.utils import timezone

from lms.accounts.models import User
from lms.catalog.models import Course
from lms.learning.models import Enrollment, EnrollmentSource, EnrollmentStatus


@transaction.atomic
def enrollments_bulk_create(*, course: Course, users: list[User], source: str) -> dict[str, int]:
    """Returns {"enrolled", "skipped"} like `course_enroll_users`. Inactive people are
    skipped. A simultaneous enrollment of the same person is settled by the unique
    constraint (ignore_conflicts): it is counted as enrolled, and exists once."""
    if source not in EnrollmentSource.values:
        raise ValueError(f"Unknown enrollment source: {source}")
    active = {user.pk: user for user in users if user.is_active}
    existing = dict(
        Enrollment.objects.select_for_update()
        .filter(course=course, user_id__in=list(active))
        .values_list("user_id", "status")
    )
    revoked = [pk for pk, status in existing.items() if status == EnrollmentStatus.REVOKED]
    now = timezone.now()
    if revoked:
        Enrollment.objects.filter(course=course, user_id__in=revoked).update(
            status=EnrollmentStatus.ACTIVE, source=source, enrolled_at=now
        )
    Enrollment.objects.bulk_create(
        [
            Enrollment(user_id=pk, course=course, source=source, enrolled_at=now)
            for pk in active
            if pk not in existing
        ],
        ignore_conflicts=True,
    )
    enrolled = len(revoked) + len(active.keys() - existing.keys())
    return {"enrolled": enrolled, "skipped": len(users) - enrolled}
