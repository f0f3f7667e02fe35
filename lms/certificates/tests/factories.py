"""Factories of the certificates context."""

import datetime as dt

from django.utils import timezone

from lms.accounts.tests.factories import StudentFactory
from lms.catalog.tests.factories import CourseFactory
from lms.certificates import services
from lms.certificates.models import Certificate
from lms.learning.tests.factories import EnrollmentFactory


def completed_enrollment(*, user=None, course=None, **fields):
    return EnrollmentFactory(
        user=user or StudentFactory(),
        course=course or CourseFactory(),
        status="completed",
        completed_at=timezone.now() - dt.timedelta(hours=1),
        **fields,
    )


def issued_certificate(**enrollment_fields) -> Certificate:
    enrollment = completed_enrollment(**enrollment_fields)
    return services.certificate_issue(enrollment_id=enrollment.pk)
