"""The one answer to "is this an admin / an author / an instructor of this course"."""

import pytest
from django.contrib.auth.models import AnonymousUser

from lms.accounts.permissions import (
    can_preview_course,
    is_admin,
    is_author,
    is_instructor,
    is_instructor_of,
    is_student,
)
from lms.accounts.tests.factories import AdminFactory, InstructorFactory, StudentFactory
from lms.catalog.tests.factories import CourseFactory

pytestmark = pytest.mark.django_db


def test_roles_and_teaching():
    admin, teacher, other_teacher, student = (
        AdminFactory(),
        InstructorFactory(),
        InstructorFactory(),
        StudentFactory(),
    )
    course = CourseFactory(instructors=[teacher])
    assert [is_admin(u) for u in (admin, teacher, student)] == [True, False, False]
    assert [is_author(u) for u in (admin, teacher, student)] == [True, True, False]
    assert is_instructor_of(teacher, course) and not is_instructor_of(other_teacher, course)
    assert not is_instructor_of(admin, course)
    assert can_preview_course(admin, course) and can_preview_course(teacher, course)
    assert not can_preview_course(other_teacher, course) and not can_preview_course(student, course)


def test_inactive_and_anonymous_people_are_nobody():
    admin = AdminFactory(is_active=False)
    teacher = InstructorFactory(is_active=False)
    course = CourseFactory(instructors=[teacher])
    for user in (admin, teacher, AnonymousUser(), None):
        assert not is_admin(user) and not is_author(user)
        assert not can_preview_course(user, course)


def test_instructor_and_student_are_roles_of_active_people():
    admin, teacher, student = AdminFactory(), InstructorFactory(), StudentFactory()
    assert [is_instructor(u) for u in (admin, teacher, student)] == [False, True, False]
    assert [is_student(u) for u in (admin, teacher, student)] == [False, False, True]
    for user in (InstructorFactory(is_active=False), StudentFactory(is_active=False), None):
        assert not is_instructor(user) and not is_student(user)
