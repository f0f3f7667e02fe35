"""`course_access_get`: the course by its slug and the person's access in one query, the
same course and the same access as the ORM reads (`Course.objects.get`, `_access_get`)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import override

from lms.accounts.tests.factories import StudentFactory
from lms.catalog.models import Course, CourseStatus
from lms.catalog.tests.factories import CourseFactory
from lms.learning.models import Enrollment, EnrollmentStatus
from lms.learning.selectors import AccessMode, _access_get, course_access_get
from lms.learning.tests.factories import EnrollmentFactory

pytestmark = pytest.mark.django_db


def field_values(instance) -> dict:
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.fields}


def assert_as_the_orm_reads(person, slug: str) -> tuple[Course, object]:
    course, access = course_access_get(user=person, slug=slug)
    expected_course = Course.objects.get(slug=slug)
    assert field_values(course) == field_values(expected_course)
    assert course.title == expected_course.title  # in the active language, as the model says
    expected = _access_get(user=person, course=expected_course)
    assert (access.mode, access.reason, access.code) == (
        expected.mode,
        expected.reason,
        expected.code,
    )
    if expected.enrollment is None:
        assert access.enrollment is None
    else:
        assert field_values(access.enrollment) == field_values(expected.enrollment)
    return course, access


@pytest.mark.parametrize(
    "status",
    [
        EnrollmentStatus.ACTIVE,
        EnrollmentStatus.COMPLETED,
        EnrollmentStatus.REVOKED,
        None,
    ],
)
def test_a_student_gets_the_course_and_their_own_enrollment(
    student, django_assert_num_queries, status
):
    course = CourseFactory()
    other_student = StudentFactory()
    EnrollmentFactory(user=other_student, course=course)  # never mistaken for theirs
    EnrollmentFactory(user=student)  # another course
    if status is not None:
        EnrollmentFactory(user=student, course=course, status=status)
    with django_assert_num_queries(1):
        read, access = course_access_get(user=student, slug=course.slug)
    with django_assert_num_queries(0):
        if access.enrollment is not None:
            assert access.enrollment.course is read
            assert access.enrollment.user_id == student.pk
    assert_as_the_orm_reads(student, course.slug)
    expected_code = {
        EnrollmentStatus.REVOKED: "enrollment_revoked",
        None: "not_enrolled",
    }.get(status, "")
    assert access.code == expected_code


def test_an_unknown_slug_is_none_for_everyone(student, admin_user):
    CourseFactory(slug="known")
    for person in (student, admin_user):
        assert course_access_get(user=person, slug="unknown") is None
        assert course_access_get(user=person, slug="KNOWN") is None


def test_a_draft_is_found_and_access_decides(student, instructor, admin_user):
    """As `get_object_or_404(Course, slug=...)` did: any status; then a student without an
    enrollment is refused, staff preview, an enrolled student studies."""
    draft = CourseFactory(status=CourseStatus.DRAFT, instructors=[instructor])
    _course, access = assert_as_the_orm_reads(student, draft.slug)
    assert access.code == "not_enrolled"
    for person in (instructor, admin_user):
        _course, access = assert_as_the_orm_reads(person, draft.slug)
        assert access.mode == AccessMode.PREVIEW
    Enrollment.objects.create(user=student, course=draft, status=EnrollmentStatus.ACTIVE)
    _course, access = assert_as_the_orm_reads(student, draft.slug)
    assert access.mode == AccessMode.STUDENT


def test_an_instructor_of_another_course_is_refused(instructor):
    course = CourseFactory()
    _course, access = assert_as_the_orm_reads(instructor, course.slug)
    assert access.code == "not_enrolled"


def test_titles_follow_the_language_whichever_came_first(student):
    """The SQL is built once for all languages: every language's column is read."""
    course = CourseFactory(title_en="English", title_hi="हिंदी", summary_hi="")
    EnrollmentFactory(user=student, course=course)
    for language, title in [("hi", "हिंदी"), ("en", "English"), ("hi", "हिंदी")]:
        with override(language):
            read, _access = assert_as_the_orm_reads(student, course.slug)
            assert read.title == title


def test_a_guest_is_asked_to_log_in():
    course = CourseFactory()
    read, access = course_access_get(user=AnonymousUser(), slug=course.slug)
    assert read == course and access.code == "login_required"
    assert course_access_get(user=AnonymousUser(), slug="unknown") is None
