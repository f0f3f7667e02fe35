"""The OpenAPI schema declares every error an operation can answer, in the error shape, and
the query parameters it types are validated."""

import pytest
from django.urls import reverse

from lms.api.tests.test_errors_and_limits import assert_error

pytestmark = pytest.mark.django_db
ERROR_REF = "#/components/schemas/Error"


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker):
    from drf_spectacular.generators import SchemaGenerator

    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


def _operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method.upper(), operation


def _ref(response) -> str:
    return response["content"]["application/json"]["schema"]["$ref"]


def test_every_operation_declares_its_errors_in_the_error_shape(schema):
    for path, method, operation in _operations(schema):
        responses = operation["responses"]
        if any(scheme for scheme in operation.get("security", [])):
            assert "401" in responses, (method, path)
        for code in ("400", "401", "403", "404", "409", "415", "429"):
            if code in responses:
                assert _ref(responses[code]) == ERROR_REF, (method, path, code)


def test_errors_are_declared_where_they_apply(schema):
    paths = schema["paths"]
    assert "400" in paths["/api/v1/auth/register"]["post"]["responses"]
    assert "403" not in paths["/api/v1/auth/register"]["post"]["responses"]
    assert "403" in paths["/api/v1/me"]["get"]["responses"]
    assert "404" in paths["/api/v1/courses/{slug}/"]["get"]["responses"]
    assert "404" not in paths["/api/v1/me"]["get"]["responses"]
    assert "409" in paths["/api/v1/courses/{slug}/enroll"]["post"]["responses"]
    assert "409" not in paths["/api/v1/courses/{slug}/"]["get"]["responses"]
    assert "429" in paths["/api/v1/auth/token"]["post"]["responses"]
    assert "401" in paths["/api/v1/auth/token"]["post"]["responses"]
    assert "401" not in paths["/api/v1/auth/register"]["post"]["responses"]
    assert "429" in paths["/api/v1/me"]["get"]["responses"]


def test_the_error_component_is_the_error_shape(schema):
    error = schema["components"]["schemas"]["Error"]
    assert error["required"] == ["error"]
    detail = schema["components"]["schemas"]["ErrorDetail"]
    assert set(detail["properties"]) == {"code", "message", "fields"}


def test_page_parameters_are_positive_integers_in_the_schema(schema):
    parameters = {
        p["name"]: p["schema"] for p in schema["paths"]["/api/v1/me/orders/"]["get"]["parameters"]
    }
    assert parameters["page_size"] == {"type": "integer", "minimum": 1}
    assert parameters["page"] == {"type": "integer", "minimum": 1}


@pytest.mark.parametrize(
    "query", ["page_size=null", "page_size=abc", "page_size=0", "page_size=-3", "page=x"]
)
def test_page_parameters_that_are_not_positive_integers_are_a_400(api_client, student, query):
    api_client.force_authenticate(student)
    response = api_client.get(f"{reverse('api:my-orders')}?{query}")
    error = assert_error(response, 400, "invalid")
    assert set(error["fields"]) == {query.split("=")[0]}


def test_valid_page_parameters_still_page(api_client, student):
    api_client.force_authenticate(student)
    response = api_client.get(f"{reverse('api:my-orders')}?page=1&page_size=5")
    assert response.status_code == 200
    assert response.json()["results"] == []
