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


def _too_big(settings) -> bytes:
    return b'{"email": "' + b"a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1) + b'"}'


def test_a_body_over_the_limit_is_a_413_in_the_error_shape(client_no_raise, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = client_no_raise.post(
        "/api/v1/auth/register", data=_too_big(settings), content_type="application/json"
    )
    assert_error(response, 413, "too_large")


def test_a_form_over_the_limit_is_a_413_in_the_error_shape(client_no_raise, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = client_no_raise.post(
        "/api/v1/auth/register",
        data=b"email=" + b"a" * 2048,
        content_type="application/x-www-form-urlencoded",
    )
    assert_error(response, 413, "too_large")


def test_too_many_fields_is_a_400_in_the_error_shape(client_no_raise, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    body = "&".join(f"f{n}=x" for n in range(20)).encode()
    response = client_no_raise.post(
        "/api/v1/auth/register", data=body, content_type="application/x-www-form-urlencoded"
    )
    assert_error(response, 400, "bad_request")


def test_pages_outside_the_api_keep_an_html_page(client_no_raise, settings):
    # A body over the limit is a 413 page that says so (it was a bare 400 before).
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = client_no_raise.post(
        "/accounts/login/",
        data=b"login=" + b"a" * 2048,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    assert b"larger than the server accepts" in response.content
