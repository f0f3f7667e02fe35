"""One client address for every limit: a client cannot choose its own by sending
X-Forwarded-For, with or without the proxy in front (issue #7)."""

import os
import socket
import subprocess
import time
from pathlib import Path
from urllib.request import Request, urlopen

import pytest
from django.test import RequestFactory

from lms.core.client_address import client_address
from lms.core.management.commands.serve import daphne_command

BASE_DIR = Path(__file__).resolve().parents[3]
RESET = "/api/v1/auth/password/reset"


def request_from(peer: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_a_proxy_the_peer_is_the_address_whatever_the_headers_say(settings):
    settings.LMS_TRUSTED_PROXIES = 0
    assert client_address(request_from("198.51.100.9", "1.2.3.4")) == "198.51.100.9"


def test_behind_one_proxy_only_the_entry_it_wrote_counts(settings):
    settings.LMS_TRUSTED_PROXIES = 1
    # nginx overwrote the header: one entry, the visitor it saw.
    assert client_address(request_from("172.18.0.5", "203.0.113.7")) == "203.0.113.7"
    # A proxy that appends: whatever the client wrote stays on the left and is ignored.
    assert client_address(request_from("172.18.0.5", "1.2.3.4, 203.0.113.7")) == "203.0.113.7"
    # Not an address, or no header (a request that did not pass the proxy): the peer.
    assert client_address(request_from("172.18.0.5", "1.2.3.4, nonsense")) == "172.18.0.5"
    assert client_address(request_from("172.18.0.5")) == "172.18.0.5"


def test_two_proxies_read_the_second_entry_from_the_right(settings):
    settings.LMS_TRUSTED_PROXIES = 2
    forwarded = "1.2.3.4, 203.0.113.7, 10.0.0.2"
    assert client_address(request_from("172.18.0.5", forwarded)) == "203.0.113.7"


def _statuses(client, count, forwarded):
    return [
        client.post(
            RESET, {}, format="json", REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR=forwarded(i)
        ).status_code
        for i in range(count)
    ]


@pytest.mark.django_db
def test_a_spoofed_header_does_not_escape_the_throttle(api_client, settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "auth": "5/minute"},
    }
    from lms.api.throttles import AuthAddressThrottle

    AuthAddressThrottle.THROTTLE_RATES = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    try:
        settings.LMS_TRUSTED_PROXIES = 0
        statuses = _statuses(api_client, 7, lambda i: f"10.9.8.{i}")
        assert statuses[:5] == [400] * 5 and statuses[5:] == [429, 429]
        # Behind the proxy: the client's own entries on the left change nothing.
        settings.LMS_TRUSTED_PROXIES = 1
        statuses = _statuses(api_client, 7, lambda i: f"10.9.8.{i}, 203.0.113.7")
        assert statuses[:5] == [400] * 5 and statuses[5:] == [429, 429]
    finally:
        AuthAddressThrottle.THROTTLE_RATES = rates


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _post(port: int, forwarded: str) -> int:
    request = Request(
        f"http://127.0.0.1:{port}{RESET}",
        data=b"{}",
        method="POST",
        headers={"Content-Type": "application/json", "X-Forwarded-For": forwarded},
    )
    try:
        with urlopen(request, timeout=30) as response:
            return response.status
    except Exception as error:  # HTTPError carries the status
        return getattr(error, "code", 0)


def _run_server(tmp_path, trusted_proxies: int):
    port = _free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_"))}
    environment.pop("REDIS_URL", None)
    environment.pop("DATABASE_URL", None)
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        LMS_VAR_DIR=str(tmp_path),
        LMS_API_AUTH_RATE="5/minute",
        LMS_TRUSTED_PROXIES=str(trusted_proxies),
    )
    server = subprocess.Popen(
        daphne_command(host="127.0.0.1", port=port),
        cwd=BASE_DIR,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server, port
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("daphne did not start")


@pytest.mark.parametrize("trusted_proxies", [0, 1])
def test_a_spoofed_header_does_not_escape_the_throttle_on_the_running_server(
    tmp_path, trusted_proxies
):
    """daphne started as `serve` starts it. Without a proxy the client sends any header;
    behind one (LMS_TRUSTED_PROXIES=1) it can only prepend entries to what the proxy wrote."""
    server, port = _run_server(tmp_path, trusted_proxies)
    try:
        real = "127.0.0.1" if trusted_proxies == 0 else "203.0.113.7"
        statuses = [_post(port, f"10.9.8.{i}, {real}") for i in range(7)]
        assert statuses[:5] == [400] * 5 and statuses[5:] == [429, 429], statuses
        if trusted_proxies:
            # A different visitor, as the proxy reports it, has its own budget.
            assert _post(port, "10.9.8.1, 203.0.113.8") == 400
    finally:
        server.terminate()
        server.wait(timeout=20)
