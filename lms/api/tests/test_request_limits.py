"""Hostile request bodies are refused in the error shape, never with a 500 or an HTML page."""

import pytest
from django.urls import reverse

from lms.api.tests.test_errors_and_limits import assert_error
from lms.learning.tests.factories import EnrollmentFactory, lessons_in_order, three_module_course

pytestmark = pytest.mark.django_db
DEEPLY_NESTED = "[" * 100_000


@pytest.fixture
def client_no_raise(client):
    client.raise_request_exception = False
    return client


def test_deeply_nested_json_is_a_400_on_an_open_endpoint(client_no_raise):
    response = client_no_raise.post(
        "/api/v1/auth/register", data=DEEPLY_NESTED, content_type="application/json"
    )
    assert_error(response, 400, "parse_error")


def test_deeply_nested_json_is_a_400_for_a_signed_in_person(client_no_raise, student):
    client_no_raise.force_login(student)
    response = client_no_raise.patch(
        "/api/v1/me", data=DEEPLY_NESTED, content_type="application/json"
    )
    assert_error(response, 400, "parse_error")


def test_deeply_nested_json_is_a_400_in_the_player(client_no_raise, student):
    course = three_module_course()
    EnrollmentFactory(user=student, course=course)
    client_no_raise.force_login(student)
    lesson = lessons_in_order(course)[0]
    response = client_no_raise.post(
        reverse("student_pwa:lesson_progress", args=[lesson.pk]),
        data=DEEPLY_NESTED,
        content_type="application/json",
    )
    assert_error(response, 400, "invalid")


def test_json_nested_a_little_is_still_read(api_client, student):
    api_client.force_authenticate(student)
    response = api_client.patch(
        "/api/v1/me", data='{"skills": ["a", "b"]}', content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["skills"] == ["a", "b"]
