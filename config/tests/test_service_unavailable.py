"""A database that cannot be reached is a 503 with a sentence, in the API's error shape
under /api/, on any database engine; other errors stay 500s."""

import pytest
from django.db import IntegrityError, InterfaceError, OperationalError
from django.test import Client

from student_pwa.views import accounts as pwa_accounts

pytestmark = pytest.mark.django_db


def failing(error: Exception):
    def fail(*args, **kwargs):
        raise error

    return fail


@pytest.mark.parametrize("error", [OperationalError("connection refused"), InterfaceError()])
def test_a_page_and_the_api_answer_503_when_the_database_is_unreachable(monkeypatch, error):
    client = Client(raise_request_exception=False)
    monkeypatch.setattr(pwa_accounts, "site_content_get", failing(error))
    page = client.get("/")
    assert page.status_code == 503 and "Back in a moment" in page.text
    assert page["Retry-After"] == "30"
    assert "Content-Security-Policy" in page  # still goes out through the middleware


def test_the_api_answers_503_in_its_error_shape(monkeypatch, student):
    client = Client(raise_request_exception=False)
    client.force_login(student)
    monkeypatch.setattr(
        "lms.api.accounts.MeApi.get", failing(OperationalError("pool timeout")), raising=True
    )
    response = client.get("/api/v1/me")
    assert response.status_code == 503
    body = response.json()
    assert body["error"]["code"] == "service_unavailable"
    assert "database" in body["error"]["message"]


def test_other_database_errors_stay_500(monkeypatch):
    client = Client(raise_request_exception=False)
    monkeypatch.setattr(pwa_accounts, "site_content_get", failing(IntegrityError("duplicate")))
    assert client.get("/").status_code == 500
