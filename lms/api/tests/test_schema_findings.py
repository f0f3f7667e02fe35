"""What the schemathesis run as an admin found, each pinned by a test."""

import pytest

from lms.api.tests.test_errors_and_limits import assert_error

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker):
    from drf_spectacular.generators import SchemaGenerator

    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


def test_query_parameters_declared_by_a_view_document_the_400(schema):
    # Found: the attendance CSV's `from`/`to`/`course` are declared with @extend_schema
    # (no filterset), so its 400 for a bad date was undocumented.
    responses = schema["paths"]["/api/v1/authoring/attendance.csv"]["get"]["responses"]
    assert "400" in responses


@pytest.mark.parametrize("query", ["from=yesterday", "to=2026-13-01", "course=-1", "group=x"])
def test_a_bad_attendance_filter_is_a_400_in_the_error_shape(api_client, admin_user, query):
    api_client.force_authenticate(admin_user)
    response = api_client.get(f"/api/v1/authoring/attendance.csv?{query}")
    assert_error(response, 400, "invalid")


def test_spaces_alone_are_not_an_empty_attendance_filter(api_client, admin_user):
    # Found: `to=%0D` was stripped to "" and read as "no filter" (a 200 for an invalid date).
    api_client.force_authenticate(admin_user)
    assert_error(api_client.get("/api/v1/authoring/attendance.csv?to=%0D"), 400, "invalid")
    assert api_client.get("/api/v1/authoring/attendance.csv?to=").status_code == 200


@pytest.mark.parametrize(
    "body",
    [{"text": {"a": 1}}, {"text": ["x"]}, {"text": "fine", "file": "not a file"}],
)
def test_daily_work_refuses_a_body_that_is_not_its_shape(api_client, student, body):
    # Found: the API stored the repr of an object as the day's text, and ignored a `file`
    # that was not a file, instead of answering 400.
    from lms.assignments.models import DailyEntry

    api_client.force_authenticate(student)
    response = api_client.put("/api/v1/me/daily-work/today/", body, format="json")
    assert_error(response, 400, "invalid")
    assert not DailyEntry.objects.exists()
