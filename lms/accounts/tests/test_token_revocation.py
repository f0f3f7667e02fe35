"""A password change or reset, or a disabled account, signs the person out of every app."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from lms.accounts.tests.factories import PASSWORD, AdminFactory, StudentFactory

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Green-Falcon-7713"


def refresh_token(api_client, user, password=PASSWORD) -> str:
    response = api_client.post(
        "/api/v1/auth/token", {"email": user.email, "password": password}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()["refresh"]


def refresh_status(api_client, token: str) -> int:
    return api_client.post(
        "/api/v1/auth/token/refresh", {"refresh": token}, format="json"
    ).status_code


def test_password_change_through_the_api_revokes_refresh_tokens(api_client, student):
    token = refresh_token(api_client, student)
    api_client.force_authenticate(student)
    api_client.post(
        "/api/v1/me/password",
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        format="json",
    )
    api_client.force_authenticate(None)
    assert refresh_status(api_client, token) == 401
    assert refresh_status(api_client, refresh_token(api_client, student, NEW_PASSWORD)) == 200


def test_password_change_page_revokes_refresh_tokens(client, api_client, student):
    token = refresh_token(api_client, student)
    client.force_login(student)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert refresh_status(api_client, token) == 401


def test_password_reset_link_revokes_refresh_tokens(
    client, api_client, django_capture_on_commit_callbacks
):
    student = StudentFactory()
    token = refresh_token(api_client, student)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": student.email})
    link = re.search(r"/accounts/password/reset/key/[^\s]+/", mail.outbox[-1].body).group(0)
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert refresh_status(api_client, token) == 401


def test_disabling_an_account_revokes_its_refresh_tokens(client, api_client):
    student = StudentFactory()
    token = refresh_token(api_client, student)
    client.force_login(AdminFactory())
    client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "disable_users", "_selected_action": [student.pk], "index": 0},
    )
    assert refresh_status(api_client, token) == 401
