import re

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db

PASSWORD = "Blue-Pelican-2931"


def register(api_client, capture, email="asha@example.com"):
    with capture(execute=True):
        response = api_client.post(
            "/api/v1/auth/register",
            {"email": email, "password": PASSWORD, "full_name": "Asha Rao"},
            format="json",
        )
    return response


def emailed_code(message) -> str:
    return re.search(r"\b(\d{6})\b", message.body).group(1)


def test_register_verify_with_code_login_refresh_logout(
    api_client, django_capture_on_commit_callbacks
):
    response = register(api_client, django_capture_on_commit_callbacks)
    assert response.status_code == 201, response.json()
    assert response.json()["email_verification_required"] is True
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "/accounts/confirm-email/" in message.body

    refused = api_client.post(
        "/api/v1/auth/token", {"email": "asha@example.com", "password": PASSWORD}, format="json"
    )
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "email_unverified"

    verified = api_client.post(
        "/api/v1/auth/email/verify",
        {"email": "asha@example.com", "code": emailed_code(message)},
        format="json",
    )
    assert verified.status_code == 200, verified.json()

    tokens = api_client.post(
        "/api/v1/auth/token", {"email": "asha@example.com", "password": PASSWORD}, format="json"
    )
    assert tokens.status_code == 200, tokens.json()
    access, refresh = tokens.json()["access"], tokens.json()["refresh"]

    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    me = api_client.get("/api/v1/me")
    assert me.status_code == 200
    assert me.json()["email"] == "asha@example.com"
    assert me.json()["email_verified"] is True
    api_client.credentials()

    rotated = api_client.post("/api/v1/auth/token/refresh", {"refresh": refresh}, format="json")
    assert rotated.status_code == 200
    new_refresh = rotated.json()["refresh"]
    assert new_refresh != refresh
    # The old refresh token was blacklisted by rotation.
    assert (
        api_client.post(
            "/api/v1/auth/token/refresh", {"refresh": refresh}, format="json"
        ).status_code
        == 401
    )

    assert (
        api_client.post("/api/v1/auth/logout", {"refresh": new_refresh}, format="json").status_code
        == 204
    )
    after = api_client.post("/api/v1/auth/token/refresh", {"refresh": new_refresh}, format="json")
    assert after.status_code == 401
    assert set(after.json()["error"]) == {"code", "message", "fields"}
