"""The runtime pieces: health, WebSocket sign-in, email through the job queue, settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.core import mail
from django.core.mail import send_mail
from django.db import transaction
from rest_framework_simplejwt.tokens import RefreshToken

from lms.accounts.tests.factories import StudentFactory
from lms.core import selectors

BASE_DIR = Path(__file__).resolve().parents[2]


def test_healthz_reports_every_part(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "channel_layer", "job_queue"}


def test_healthz_names_the_part_that_is_down_and_nothing_more(client, db, monkeypatch, caplog):
    def broken():
        raise ConnectionError("Error 111 connecting to redis.internal:6379. Connection refused.")

    monkeypatch.setitem(selectors.CHECKS, "cache", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body == {
        "status": "down",
        "down": ["cache"],
        "checks": {"database": "ok", "cache": "down", "channel_layer": "ok", "job_queue": "ok"},
    }
    for detail in ("redis.internal", "6379", "ConnectionError", "refused"):
        assert detail not in response.content.decode()
    assert "redis.internal:6379" in caplog.text and "ConnectionError" in caplog.text


def websocket(path: str, headers: list | None = None) -> WebsocketCommunicator:
    from config.asgi import application

    return WebsocketCommunicator(
        application, path, headers=[(b"origin", b"http://testserver"), *(headers or [])]
    )


async def _connect(communicator):
    connected, code = await communicator.connect()
    message = await communicator.receive_json_from() if connected else None
    await communicator.disconnect()
    return connected, code, message


@pytest.mark.django_db(transaction=True)
def test_notifications_socket_refuses_anonymous():
    connected, code, _ = async_to_sync(_connect)(websocket("/ws/notifications/"))
    assert not connected


@pytest.mark.django_db(transaction=True)
def test_notifications_socket_refuses_a_bad_token():
    connected, _, _ = async_to_sync(_connect)(websocket("/ws/notifications/?token=not-a-jwt"))
    assert not connected


@pytest.mark.django_db(transaction=True)
def test_notifications_socket_accepts_a_session(client):
    user = StudentFactory()
    client.force_login(user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}".encode()
    connected, _, message = async_to_sync(_connect)(
        websocket("/ws/notifications/", [(b"cookie", cookie)])
    )
    assert connected
    assert message == {"type": "hello", "user": user.pk, "unread": 0}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/ws/notifications/", "/ws/chat/{conversation}/"])
def test_sockets_refuse_an_unverified_email(client, path):
    """The same door as the app's and the API's: signed in but not verified is closed with
    4403, by session and by token."""
    from lms.chat.models import Conversation, Membership

    user = StudentFactory(verified=False)
    conversation = Conversation.objects.create(kind="direct")
    Membership.objects.create(conversation=conversation, user=user)
    path = path.format(conversation=conversation.pk)
    client.force_login(user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}".encode()
    token = str(RefreshToken.for_user(user).access_token)
    for socket in (websocket(path, [(b"cookie", cookie)]), websocket(f"{path}?token={token}")):
        connected, code, _ = async_to_sync(_connect)(socket)
        assert not connected and code == 4403


def test_the_bell_does_not_retry_a_refused_socket():
    """notifications.js (loaded on every signed-in page, also "check your inbox") gives up on
    4401 and 4403 instead of reconnecting every minute."""
    from pathlib import Path

    script = (Path(settings.BASE_DIR) / "static/js/notifications.js").read_text()
    assert "event.code === 4401 || event.code === 4403) return;" in script


@pytest.mark.django_db(transaction=True)
def test_notifications_socket_accepts_a_jwt():
    user = StudentFactory()
    token = str(RefreshToken.for_user(user).access_token)
    connected, _, message = async_to_sync(_connect)(websocket(f"/ws/notifications/?token={token}"))
    assert connected and message["user"] == user.pk


@pytest.mark.django_db(transaction=True)
def test_notifications_socket_refuses_a_foreign_origin():
    from config.asgi import application

    communicator = WebsocketCommunicator(
        application, "/ws/notifications/", headers=[(b"origin", b"https://evil.example")]
    )
    connected, _, _ = async_to_sync(_connect)(communicator)
    assert not connected


def test_email_leaves_only_after_commit(db):
    with transaction.atomic():
        send_mail("Subject", "Body", None, ["a@example.com"])
        transaction.set_rollback(True)
    assert mail.outbox == []


def test_email_goes_through_the_job_queue(db, django_capture_on_commit_callbacks, monkeypatch):
    from lms.notifications import tasks

    calls = []
    original = tasks.email_deliver.func if hasattr(tasks.email_deliver, "func") else None
    monkeypatch.setattr(tasks.services, "email_deliver", lambda **kw: calls.append(kw) or 1)
    with django_capture_on_commit_callbacks(execute=True):
        send_mail("Subject", "Body", None, ["a@example.com"])
    assert len(calls) == 1 and calls[0]["messages"][0].to == ["a@example.com"]
    assert original is None or callable(original)


def test_argon2_is_the_first_hasher():
    from config.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_content_security_policy_is_strict_outside_the_console(client, db):
    policy = client.get("/healthz")["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert "frame-ancestors 'none'" in policy


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_in_production_settings(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="x" * 20 + "-production-secret-key-with-enough-entropy-0123456789",
        ALLOWED_HOSTS="lms.example.org",
        LMS_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _manage(
        "check",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        ALLOWED_HOSTS="lms.example.org",
        LMS_VAR_DIR=str(tmp_path),
        SECRET_KEY="",
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_openapi_schema_validates(tmp_path, db):
    from django.core.management import call_command

    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml")
    )
    assert "/api/v1/auth/token" in (tmp_path / "schema.yml").read_text()


def test_swagger_ui_is_served_from_local_files(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    assert "cdn" not in html.lower()


def _example_secret_key() -> str:
    line = next(
        line
        for line in (BASE_DIR / ".env.example").read_text().splitlines()
        if line.startswith("SECRET_KEY=")
    )
    return line.split("=", 1)[1]


def test_production_refuses_the_secret_key_of_env_example(tmp_path):
    result = _manage(
        "check",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        ALLOWED_HOSTS="lms.example.org",
        LMS_VAR_DIR=str(tmp_path),
        SECRET_KEY=_example_secret_key(),
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY is the placeholder" in result.stderr


@pytest.fixture
def production_settings(monkeypatch):
    import importlib

    monkeypatch.setenv("SECRET_KEY", "k" * 20 + "-a-real-looking-production-key-0123456789")
    monkeypatch.setenv("ALLOWED_HOSTS", "lms.example.org")
    return importlib.import_module("config.settings.production")


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("", "Set the SECRET_KEY"),
        ("   ", "Set the SECRET_KEY"),
        (
            "change-me-to-a-long-random-string-but-still-the-placeholder-from-the-file",
            "placeholder",
        ),
        ("django-insecure-" + "a1b2c3d4e5" * 5, "placeholder"),
        ("short-but-random-Qx81", "too weak"),
        ("a" * 80, "too weak"),
    ],
)
def test_production_refuses_a_weak_secret_key(production_settings, monkeypatch, key, message):
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setenv("SECRET_KEY", key)
    with pytest.raises(ImproperlyConfigured, match=message) as refused:
        production_settings._production_secret_key()
    assert "SECRET_KEY" in str(refused.value)


def test_production_accepts_a_generated_secret_key(production_settings, monkeypatch):
    import secrets

    key = secrets.token_urlsafe(50)
    monkeypatch.setenv("SECRET_KEY", key)
    assert production_settings._production_secret_key() == key
