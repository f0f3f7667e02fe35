"""Bad input gets the right status and one error shape; limits answer 429."""

import re

import pytest
from django.core import mail
from rest_framework.test import APIClient

from lms.accounts.models import User
from lms.accounts.tests.factories import PASSWORD, StudentFactory

pytestmark = pytest.mark.django_db
STRONG = "Blue-Pelican-2931"


def assert_error(response, status, code=None):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["message"]
    if code:
        assert body["error"]["code"] == code
    return body["error"]


def test_malformed_json_is_a_400(api_client):
    response = api_client.post(
        "/api/v1/auth/register", data="{not json", content_type="application/json"
    )
    assert_error(response, 400, "parse_error")


def test_missing_fields_are_named(api_client):
    error = assert_error(
        api_client.post("/api/v1/auth/register", {}, format="json"), 400, "invalid"
    )
    assert {"email", "password", "full_name"} <= set(error["fields"])


def test_registration_does_not_tell_which_emails_have_accounts(
    api_client, django_capture_on_commit_callbacks
):
    StudentFactory(email="dup@example.com")
    answers = []
    with django_capture_on_commit_callbacks(execute=True):
        for email in ("DUP@example.com", "new@example.com"):
            response = api_client.post(
                "/api/v1/auth/register",
                {"email": email, "password": STRONG, "full_name": "D"},
                format="json",
            )
            body = response.json()
            body["email"] = body["email"].split("@")[1]
            answers.append((response.status_code, body))
    assert answers[0] == answers[1] and answers[0][0] == 201
    assert User.objects.filter(email__iexact="dup@example.com").count() == 1
    # The owner learns that someone tried; the new address gets its verification email.
    assert sorted(m.to[0] for m in mail.outbox) == ["dup@example.com", "new@example.com"]


def test_weak_password_is_a_400_and_nothing_is_created(api_client):
    response = api_client.post(
        "/api/v1/auth/register",
        {"email": "w@example.com", "password": "password", "full_name": "W"},
        format="json",
    )
    error = assert_error(response, 400, "weak_password")
    assert error["fields"]["password"]
    assert not User.objects.filter(email="w@example.com").exists()


def test_wrong_password_is_a_401(api_client):
    user = StudentFactory()
    assert_error(
        api_client.post(
            "/api/v1/auth/token", {"email": user.email, "password": "nope"}, format="json"
        ),
        401,
    )


def test_unknown_api_path_is_a_json_404(api_client):
    assert_error(api_client.get("/api/v1/no-such-thing"), 404, "not_found")


def test_anonymous_me_is_a_401(api_client):
    assert_error(api_client.get("/api/v1/me"), 401)


def test_bad_verification_code_is_a_400(api_client):
    user = StudentFactory(verified=False)
    response = api_client.post(
        "/api/v1/auth/email/verify", {"email": user.email, "code": "123456"}, format="json"
    )
    assert_error(response, 400, "invalid_code")
    assert_error(
        api_client.post("/api/v1/auth/email/verify", {"key": "garbage"}, format="json"),
        400,
        "invalid_key",
    )


def test_api_lockout_after_repeated_failures(api_client, settings):
    user = StudentFactory()
    for _ in range(settings.LMS_SIGNIN_FAILURES_PER_ACCOUNT):
        api_client.post(
            "/api/v1/auth/token", {"email": user.email, "password": "wrong"}, format="json"
        )
    locked = api_client.post(
        "/api/v1/auth/token", {"email": user.email, "password": PASSWORD}, format="json"
    )
    error = assert_error(locked, 429, "locked_out")
    assert "Too many failed login attempts" in error["message"]


def test_per_user_throttle_answers_429(settings, student):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "user": "3/minute"},
    }
    from rest_framework.settings import api_settings
    from rest_framework.throttling import UserRateThrottle

    api_settings.reload()
    UserRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    try:
        client = APIClient()
        client.force_authenticate(student)
        statuses = [client.get("/api/v1/me").status_code for _ in range(4)]
        assert statuses[:3] == [200, 200, 200]
        assert statuses[3] == 429
        assert client.get("/api/v1/me").json()["error"]["code"] == "throttled"
    finally:
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
        api_settings.reload()
        UserRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES


def test_password_reset_through_the_api(api_client, django_capture_on_commit_callbacks):
    user = StudentFactory(email="p@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(
            "/api/v1/auth/password/reset", {"email": "p@example.com"}, format="json"
        )
    assert response.status_code == 202
    key = re.search(r"/accounts/password/reset/key/([^/\s]+)/", mail.outbox[0].body).group(1)
    weak = api_client.post(
        "/api/v1/auth/password/reset/confirm", {"key": key, "new_password": "123"}, format="json"
    )
    assert_error(weak, 400, "weak_password")
    new = "Green-Falcon-7713"
    ok = api_client.post(
        "/api/v1/auth/password/reset/confirm", {"key": key, "new_password": new}, format="json"
    )
    assert ok.status_code == 200
    user.refresh_from_db()
    assert user.check_password(new)
    reused = api_client.post(
        "/api/v1/auth/password/reset/confirm",
        {"key": key, "new_password": new + "x"},
        format="json",
    )
    assert_error(reused, 400, "invalid_key")


def test_password_reset_for_unknown_email_reveals_nothing(api_client):
    response = api_client.post(
        "/api/v1/auth/password/reset", {"email": "nobody@example.com"}, format="json"
    )
    assert response.status_code == 202


def test_me_patch_validates_and_saves(api_client, student):
    api_client.force_authenticate(student)
    assert_error(api_client.patch("/api/v1/me", {"timezone": "Nowhere/City"}, format="json"), 400)
    assert_error(api_client.patch("/api/v1/me", {"year": 42}, format="json"), 400)
    ok = api_client.patch(
        "/api/v1/me", {"branch": "ECE", "skills": ["go"], "role": "admin"}, format="json"
    )
    assert ok.status_code == 200
    assert ok.json()["branch"] == "ECE" and ok.json()["role"] == "student"


def test_me_refuses_a_disguised_resume(api_client, student):
    from django.core.files.uploadedfile import SimpleUploadedFile

    api_client.force_authenticate(student)
    fake = SimpleUploadedFile(
        "cv.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"
    )
    error = assert_error(api_client.patch("/api/v1/me", {"resume": fake}, format="multipart"), 400)
    assert "resume" in error["fields"]
    real = SimpleUploadedFile("cv.pdf", b"%PDF-1.4\n%...", content_type="application/pdf")
    assert api_client.patch("/api/v1/me", {"resume": real}, format="multipart").status_code == 200


def test_change_password_needs_the_current_one(api_client, student):
    api_client.force_authenticate(student)
    wrong = api_client.post(
        "/api/v1/me/password", {"current_password": "x", "new_password": STRONG}, format="json"
    )
    assert_error(wrong, 400, "wrong_password")
    ok = api_client.post(
        "/api/v1/me/password", {"current_password": PASSWORD, "new_password": STRONG}, format="json"
    )
    assert ok.status_code == 200
