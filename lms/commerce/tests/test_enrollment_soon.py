"""A paid course with no payment gateway configured says that enrollment opens soon,
instead of an "Enroll and pay" button that could only end in an error."""

import pytest

from lms.accounts.tests.factories import StudentFactory
from lms.catalog.tests.factories import CourseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_course():
    return CourseFactory(paid=True)


def test_without_a_gateway_a_paid_course_says_enrollment_opens_soon(client, paid_course):
    client.force_login(StudentFactory())
    content = client.get(f"/courses/{paid_course.slug}/").content.decode()
    assert 'data-testid="enrollment-soon"' in content
    assert "Enrollment opens soon" in content
    assert 'data-testid="enroll-confirm"' not in content


def test_with_a_gateway_the_pay_button_shows(client, paid_course, gateway_fake):
    client.force_login(StudentFactory())
    content = client.get(f"/courses/{paid_course.slug}/").content.decode()
    assert 'data-testid="enroll-confirm"' in content
    assert 'data-testid="enrollment-soon"' not in content


def test_a_free_course_is_not_affected(client):
    client.force_login(StudentFactory())
    content = client.get(f"/courses/{CourseFactory().slug}/").content.decode()
    assert 'data-testid="enroll-free"' in content
    assert "enrollment-soon" not in content
