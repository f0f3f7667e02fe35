"""Redis stops mid-test under a real daphne with the production settings (#7): the home page,
the console's sign-in page, API reads and the sign-in and sign-up POSTs answer without a 500
while it is down, /healthz says which part is down, and everything resumes when Redis
returns, without a restart."""

import json
import re
import shutil
import time

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.db import connection

from config.tests.servers import Daphne, RedisServer, get
from lms.accounts.tests.factories import PASSWORD, StudentFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="daphne needs a shared database"),
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server"),
    pytest.mark.django_db(transaction=True),
]

RETRY_AFTER = 1


def _student():
    """A verified student whose password the production hashers (Argon2) can check."""
    user = StudentFactory()
    user.password = Argon2PasswordHasher().encode(PASSWORD, Argon2PasswordHasher().salt())
    user.save(update_fields=["password"])
    return user


def _post_json(port: int, path: str, body: dict, **headers: str):
    return get(
        port,
        path,
        method="POST",
        body=json.dumps(body),
        headers={"Content-Type": "application/json", **headers},
    )


def _web_form_post(port: int, path: str, fields: dict):
    """GET the form for its CSRF cookie and token, then POST it like a browser."""
    page = get(port, path)
    assert page.status == 200, page.body[:500]
    cookie = re.search(r"csrftoken=([^;]+)", page.getheader("Set-Cookie") or "").group(1)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body).group(1)
    form = "&".join(f"{name}={value}" for name, value in fields.items())
    return get(
        port,
        path,
        method="POST",
        body=f"csrfmiddlewaretoken={token.decode()}&{form}",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie}",
            "Referer": f"http://127.0.0.1:{port}{path}",
        },
    )


def _everything_answers(port: int, user, access: str, label: str) -> dict:
    statuses = {
        "home": get(port, "/").status,
        "console sign-in page": get(port, "/admin/login/").status,
        "API read": get(port, "/api/v1/me", headers={"Authorization": f"Bearer {access}"}).status,
        "API sign-in": _post_json(
            port, "/api/v1/auth/token", {"email": user.email, "password": PASSWORD}
        ).status,
        "web sign-in": _web_form_post(
            port, "/accounts/login/", {"login": user.email, "password": PASSWORD}
        ).status,
        "web sign-up": _web_form_post(
            port,
            "/accounts/signup/",
            {
                "email": f"new-{label}@example.com",
                "password1": "A-long-new-password-77",
                "password2": "A-long-new-password-77",
                "full_name": "New Person",
            },
        ).status,
    }
    return statuses


EXPECTED = {
    "home": 200,
    "console sign-in page": 200,
    "API read": 200,
    "API sign-in": 200,
    "web sign-in": 302,
    "web sign-up": 302,
}


def test_the_site_keeps_answering_while_redis_is_down_and_resumes_after(tmp_path):
    user = _student()
    redis = RedisServer(tmp_path)
    server = Daphne(
        tmp_path,
        REDIS_URL=redis.url,
        LMS_CACHE_RETRY_AFTER=str(RETRY_AFTER),
        LMS_API_AUTH_RATE="1000/minute",
    )
    try:
        tokens = json.loads(
            _post_json(
                server.port, "/api/v1/auth/token", {"email": user.email, "password": PASSWORD}
            ).body
        )
        access = tokens["access"]
        assert _everything_answers(server.port, user, access, "before") == EXPECTED
        assert get(server.port, "/healthz").status == 200

        redis.stop()
        started = time.monotonic()
        assert _everything_answers(server.port, user, access, "during") == EXPECTED
        assert time.monotonic() - started < 30
        health = get(server.port, "/healthz")
        assert health.status == 503
        body = json.loads(health.body)
        assert {"cache", "channel_layer", "job_queue"} <= set(body["down"])
        assert str(redis.port) not in health.body.decode()

        redis.start()
        time.sleep(RETRY_AFTER + 0.5)
        assert _everything_answers(server.port, user, access, "after") == EXPECTED
        assert get(server.port, "/healthz").status == 200
    finally:
        server.stop()
        redis.stop()
    log = server.log.read_text()
    assert "Internal Server Error" not in log, log[-3000:]
