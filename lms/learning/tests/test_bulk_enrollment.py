"""Enrolling many people at once follows the console's rule, at a fixed cost."""

import pytest

from lms.accounts.tests.factories import StudentFactory
from lms.catalog.tests.factories import CourseFactory
from lms.learning.bulk_enrollment import enrollments_bulk_create
from lms.learning.models import Enrollment, EnrollmentStatus

pytestmark = pytest.mark.django_db

# Six for the enrollments, two for their audit entry (its insert, and its target's content
# type until Django has cached it): a fixed cost whatever the number of people.
QUERIES = 8


def test_new_revoked_active_and_inactive_people(django_assert_max_num_queries):
    course = CourseFactory()
    new, active, revoked, done = StudentFactory.create_batch(4)
    inactive = StudentFactory(is_active=False)
    Enrollment.objects.create(user=active, course=course, source="free")
    Enrollment.objects.create(user=revoked, course=course, source="free", status="revoked")
    Enrollment.objects.create(user=done, course=course, source="free", status="completed")
    with django_assert_max_num_queries(QUERIES):
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
    with django_assert_max_num_queries(QUERIES):
        enrollments_bulk_create(course=course, users=people, source="admin")
    assert Enrollment.objects.filter(course=course).count() == 60


def test_a_revoked_completed_course_comes_back_completed_and_events_are_published(
    django_capture_on_commit_callbacks,
):
    from django.utils import timezone

    from lms.core import events
    from lms.learning.events import EnrollmentCreated

    course = CourseFactory()
    new, finished = StudentFactory.create_batch(2)
    Enrollment.objects.create(
        user=finished, course=course, source="free", status="revoked", completed_at=timezone.now()
    )
    seen = []
    events.subscribe(EnrollmentCreated, seen.append)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            enrollments_bulk_create(course=course, users=[new, finished], source="admin")
    finally:
        events.unsubscribe(EnrollmentCreated, seen.append)
    assert Enrollment.objects.get(user=finished).status == EnrollmentStatus.COMPLETED
    assert {(event.user_id, event.reactivated) for event in seen} == {
        (new.pk, False),
        (finished.pk, True),
    }
