"""The same hostile bodies through the running server: daphne (Twisted) and Django's ASGI
handler see them before DRF does, so the in-process tests alone cannot prove the answer."""

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(__file__).resolve().parents[3]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def daphne_port(tmp_path_factory):
    """daphne on its own SQLite file: these requests are refused before any query."""
    var_dir = tmp_path_factory.mktemp("daphne")
    port = _free_port()
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "PYTEST", "DATABASE_URL", "REDIS_URL"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DATABASE_URL=f"sqlite:///{var_dir / 'db.sqlite3'}",
        LMS_VAR_DIR=str(var_dir),
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port)]
        + ["config.asgi:application"],
        cwd=BASE_DIR,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("daphne did not start") from None
                time.sleep(0.3)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def _post(port: int, path: str, body: bytes, content_type: str) -> tuple[int, str, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(
            "POST", path, body=body, headers={"Content-Type": content_type, "Host": "127.0.0.1"}
        )
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read()
    finally:
        connection.close()


def _error(content_type: str, body: bytes) -> dict:
    assert content_type.startswith("application/json"), (content_type, body[:200])
    error = json.loads(body)["error"]
    assert set(error) == {"code", "message", "fields"} and error["message"]
    return error


def test_a_body_over_the_limit_is_a_413_in_the_error_shape(daphne_port):
    too_big = b'{"email": "' + b"a" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE + b'"}'
    status, content_type, body = _post(
        daphne_port, "/api/v1/auth/register", too_big, "application/json"
    )
    assert status == 413
    assert _error(content_type, body)["code"] == "too_large"


@pytest.mark.parametrize("content_type", ["multipart/form-data", "multipart/form-data; boundary="])
def test_multipart_without_a_boundary_is_a_400_in_the_error_shape(daphne_port, content_type):
    status, answer_type, body = _post(
        daphne_port, "/api/v1/auth/register", b"--x\r\nrest\r\n", content_type
    )
    assert status == 400
    assert _error(answer_type, body)["code"] == "parse_error"
