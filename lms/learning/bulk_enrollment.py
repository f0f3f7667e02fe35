"""Enrolling many people in one course at a fixed cost: the rule of `course_enroll_users`
(active or completed enrollments are left alone, revoked ones come back with their progress,
everyone else gets a new one), in a fixed number of queries whatever the number of people.
Each enrollment made or given back publishes `EnrollmentCreated`, as the single path does."""

from django.db import transaction
from django.db.models import Case, Value, When
from django.utils import timezone

from lms.accounts.models import User
from lms.audit.services import audit_record
from lms.catalog.models import Course
from lms.learning.models import Enrollment, EnrollmentSource, EnrollmentStatus
from lms.learning.services import _enrollment_created_publish


@transaction.atomic
def enrollments_bulk_create(
    *, course: Course, users: list[User], source: str, acting_user: User | None = None
) -> dict[str, int]:
    """Returns {"enrolled", "skipped"} like `course_enroll_users`. Inactive people are
    skipped. A simultaneous enrollment of the same person is settled by the unique
    constraint (ignore_conflicts): it is counted as enrolled, and exists once. One audit
    entry on the course lists who was enrolled and who was given access back."""
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
        # The rule of `_restored_status`: a course once completed stays completed.
        Enrollment.objects.filter(course=course, user_id__in=revoked).update(
            status=Case(
                When(completed_at__isnull=False, then=Value(EnrollmentStatus.COMPLETED)),
                default=Value(EnrollmentStatus.ACTIVE),
            ),
            source=source,
            enrolled_at=now,
        )
    Enrollment.objects.bulk_create(
        [
            Enrollment(user_id=pk, course=course, source=source, enrolled_at=now)
            for pk in active
            if pk not in existing
        ],
        ignore_conflicts=True,
    )
    new = [pk for pk in active if pk not in existing]
    for enrollment in Enrollment.objects.filter(course=course, user_id__in=revoked + new):
        _enrollment_created_publish(enrollment, reactivated=enrollment.user_id in revoked)
    enrolled = len(revoked) + len(new)
    audit_record(
        actor=acting_user,
        action="enrollment.bulk_create",
        target=course,
        changes={
            "source": source,
            "enrolled": sorted(new),
            "reactivated": sorted(revoked),
            "skipped": len(users) - enrolled,
        },
    )
    return {"enrolled": enrolled, "skipped": len(users) - enrolled}
