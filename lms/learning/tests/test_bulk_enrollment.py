"""Enrolling many people at once follows the console's rule, at a fixed cost."""

import pytest

from lms.accounts.tests.factories import StudentFactory
from lms.catalog.tests.factories import CourseFactory
from lms.learning.bulk_enrollment import enrollments_bulk_create
from lms.learning.models import Enrollment, EnrollmentStatus

pytestmark = pytest.mark.django_db


def test_new_revoked_active_and_inactive_people(django_assert_max_num_queries):
    course = CourseFactory()
    new, active, revoked, done = StudentFactory.create_batch(4)
    inactive = StudentFactory(is_active=False)
    Enrollment.objects.create(user=active, course=course, source="free")
    Enrollment.objects.create(user=revoked, course=course, source="free", status="revoked")
    Enrollment.objects.create(user=done, course=course, source="free", status="completed")
    with django_assert_max_num_queries(6):
        counts = enrollments_bulk_create(
            course=course, users=[new, active, revoked, done, inactive], source="admin"
        )
    assert counts == {"enrolled": 2, "skipped": 3}
    statuses = dict(Enrollment.objects.filter(course=course).values_list("user_id", "status"))
    assert statuses == {
        new.pk: EnrollmentStatus.ACTIVE,
        active.pk: EnrollmentStatus.ACTIVE,
        revoked.pk: EnrollmentStatus.ACTIVE,
        done.pk: EnrollmentStatus.COMPLETED,
    }
    assert Enrollment.objects.get(user=new).source == "admin"
    assert Enrollment.objects.get(user=active).source == "free"


def test_many_people_cost_no_more_queries_than_a_few(django_assert_max_num_queries):
    course = CourseFactory()
    people = StudentFactory.create_batch(60)
    with django_assert_max_num_queries(6):
        enrollments_bulk_create(course=course, users=people, source="admin")
    assert Enrollment.objects.filter(course=course).count() == 60
