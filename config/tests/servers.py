"""Real servers for tests that must see the production runtime: daphne with the production
settings on the test database, and a throwaway redis-server that a test may stop and start."""

import http.client
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

BASE_DIR = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url_of_tests() -> str:
    """The URL of the database this test session created (test_<name>)."""
    params = settings.DATABASES["default"]
    user = params.get("USER") or "postgres"
    password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
    host = params.get("HOST") or "127.0.0.1"
    port = params.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{connection.settings_dict['NAME']}"


def get(port: int, path: str, timeout: float = 10, **kwargs) -> http.client.HTTPResponse:
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    client.request(kwargs.pop("method", "GET"), path, **kwargs)
    response = client.getresponse()
    response.body = response.read()
    client.close()
    return response


class Daphne:
    """daphne serving config.asgi with the production settings, on a free loopback port."""

    def __init__(self, tmp_path: Path, **extra_env: str) -> None:
        self.port = free_port()
        self.log = tmp_path / "daphne.log"
        environment = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "PYTEST", "REDIS_URL", "DATABASE_URL"))
        }
        environment.update(
            {
                "DJANGO_SETTINGS_MODULE": "config.tests.server_settings",
                "DATABASE_URL": database_url_of_tests(),
                "SECRET_KEY": secrets.token_urlsafe(50),
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "SECURE_SSL_REDIRECT": "False",
                "LMS_VAR_DIR": str(tmp_path),
                "MEDIA_ROOT": str(tmp_path / "media"),
                "PYTHONUNBUFFERED": "1",
                **extra_env,
            }
        )
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(self.port)]
                + ["config.asgi:application"],
                cwd=BASE_DIR,
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self._wait_until_up()

    def _wait_until_up(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"daphne exited:\n{self.log.read_text()}")
            try:
                get(self.port, "/healthz", timeout=5)
                return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"daphne did not answer in time:\n{self.log.read_text()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class RedisServer:
    """A redis-server of the test's own (no persistence) on a free port."""

    def __init__(self, tmp_path: Path) -> None:
        self.port = free_port()
        self.folder = tmp_path
        self.process: subprocess.Popen | None = None
        self.start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        executable = shutil.which("redis-server")
        if executable is None:
            raise RuntimeError("redis-server is not installed")
        self.process = subprocess.Popen(
            [executable, "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None
