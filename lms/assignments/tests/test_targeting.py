"""Who an assignment aims at: courses (through an enrollment that gives access), groups and
people, in any mix; a student matching several targets sees it once."""

import pytest

from lms.accounts.tests.factories import CohortFactory, StudentFactory
from lms.assignments import selectors
from lms.assignments.tests.factories import AssignmentFactory
from lms.catalog.tests.factories import CourseFactory
from lms.learning.models import EnrollmentStatus
from lms.learning.tests.factories import EnrollmentFactory

pytestmark = pytest.mark.django_db


def _visible(user):
    return list(selectors.assignments_for_student(user=user))


def test_course_group_and_user_targets_each_reach_their_students():
    course, cohort = CourseFactory(), CohortFactory()
    by_course, by_group, by_name, outsider = StudentFactory.create_batch(4)
    EnrollmentFactory(user=by_course, course=course)
    cohort.members.add(by_group)
    assignment = AssignmentFactory(course=course)
    assignment.target_courses.add(course)
    assignment.target_cohorts.add(cohort)
    assignment.target_users.add(by_name)

    for student in (by_course, by_group, by_name):
        assert _visible(student) == [assignment]
    assert _visible(outsider) == []


def test_a_student_in_two_matching_groups_and_the_course_sees_it_once():
    course, first, second = CourseFactory(), CohortFactory(), CohortFactory()
    student = StudentFactory()
    EnrollmentFactory(user=student, course=course)
    first.members.add(student)
    second.members.add(student)
    assignment = AssignmentFactory(course=course)
    assignment.target_courses.add(course)
    assignment.target_cohorts.add(first, second)
    assignment.target_users.add(student)

    assert _visible(student) == [assignment]
    assert len(selectors.my_assignments_list(user=student)) == 1


def test_a_revoked_enrollment_or_an_archived_assignment_hides_it():
    course = CourseFactory()
    student = StudentFactory()
    EnrollmentFactory(user=student, course=course, status=EnrollmentStatus.REVOKED)
    assignment = AssignmentFactory(course=course)
    assignment.target_courses.add(course)
    assert _visible(student) == []

    assignment.target_users.add(student)
    assert _visible(student) == [assignment]
    from django.utils import timezone

    assignment.archived_at = timezone.now()
    assignment.save()
    assert _visible(student) == []


def test_the_list_takes_the_same_number_of_queries_for_one_or_many(
    django_assert_max_num_queries,
):
    cohort = CohortFactory()
    student = StudentFactory()
    cohort.members.add(student)

    def count_for(n):
        for _ in range(n):
            AssignmentFactory().target_cohorts.add(cohort)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            items = selectors.my_assignments_list(user=student)
            [(item.status, item.assignment.course.title) for item in items]
        return len(queries)

    assert count_for(1) == count_for(20)
