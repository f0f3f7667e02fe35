"""Writes for a student's learning. Every function is one transaction."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.catalog.models import Course
from lms.core.errors import ConflictError
from lms.learning.models import Enrollment, EnrollmentSource, EnrollmentStatus


@transaction.atomic
def enrollment_create(*, user: User, course: Course, source: str) -> Enrollment:
    """Enroll `user` in `course`. A revoked enrollment is reactivated (progress kept);
    an existing active or completed one is a 409 `already_enrolled`, and no second row is
    ever written (the unique constraint settles simultaneous requests)."""
    if source not in EnrollmentSource.values:
        raise ValueError(f"Unknown enrollment source: {source}")
    existing = Enrollment.objects.select_for_update().filter(user=user, course=course).first()
    if existing is not None:
        if existing.status != EnrollmentStatus.REVOKED:
            raise ConflictError(_("You are already enrolled in this course."), code="already_enrolled")
        existing.status = EnrollmentStatus.ACTIVE
        existing.source = source
        existing.enrolled_at = timezone.now()
        existing.save(update_fields=["status", "source", "enrolled_at"])
        return existing
    try:
        with transaction.atomic():
            return Enrollment.objects.create(user=user, course=course, source=source)
    except IntegrityError as error:
        raise ConflictError(_("You are already enrolled in this course."), code="already_enrolled") from error


@transaction.atomic
def enrollment_revoke(*, enrollment: Enrollment) -> Enrollment:
    """Take away access (after a refund, say). Completions are kept, so re-enrolling later
    resumes where the student stopped."""
    enrollment.status = EnrollmentStatus.REVOKED
    enrollment.save(update_fields=["status"])
    return enrollment
