"""PostgreSQL goes away under a real daphne with the production settings (its connection
pool included): pages answer 503 with a sentence, the API answers 503 in its error shape,
/healthz names the database, and everything works again when the database is back,
without restarting the app.

The outage is a loopback TCP proxy between daphne and PostgreSQL that the test cuts (every
connection dropped, new ones refused, as during a restart) and restores: the shared
PostgreSQL server itself is never touched."""

import json
import time

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from rest_framework_simplejwt.tokens import AccessToken

from config.tests.servers import Daphne, get
from config.tests.tcp_proxy import TcpProxy
from lms.accounts.tests.factories import StudentFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

POOL_TIMEOUT = 2


def database_url_through(proxy: TcpProxy) -> str:
    params = settings.DATABASES["default"]
    user = params.get("USER") or "postgres"
    password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
    return f"postgres://{user}{password}@127.0.0.1:{proxy.port}/{connection.settings_dict['NAME']}"


def requests(port: int, session: str, access: str) -> dict:
    page = get(port, "/", headers={"Cookie": f"sessionid={session}"})
    api = get(port, "/api/v1/me", headers={"Authorization": f"Bearer {access}"})
    return {"page": page, "api": api}


def statuses(port: int, session: str, access: str) -> dict[str, int]:
    return {name: response.status for name, response in requests(port, session, access).items()}


def test_requests_fail_cleanly_during_an_outage_and_recover_after(tmp_path):
    student = StudentFactory()
    browser = Client()
    browser.force_login(student)
    session = browser.cookies[settings.SESSION_COOKIE_NAME].value
    access = str(AccessToken.for_user(student))
    params = settings.DATABASES["default"]
    proxy = TcpProxy(params.get("HOST") or "127.0.0.1", int(params.get("PORT") or 5432))
    server = Daphne(
        tmp_path,
        DATABASE_URL=database_url_through(proxy),
        LMS_DB_POOL_MIN="2",
        LMS_DB_POOL_MAX="4",
        LMS_DB_POOL_TIMEOUT=str(POOL_TIMEOUT),
        # The test's key, so that its session and token are the daphne's too.
        SECRET_KEY=settings.SECRET_KEY,
    )
    pid = server.process.pid
    try:
        for _round in range(3):  # the pool holds open connections before the outage
            assert statuses(server.port, session, access) == {"page": 200, "api": 200}

        proxy.cut()
        started = time.monotonic()
        during = requests(server.port, session, access)
        assert time.monotonic() - started < 4 * POOL_TIMEOUT + 10
        page, api = during["page"], during["api"]
        assert page.status == 503 and b"Back in a moment" in page.body
        assert page.getheader("Retry-After") == "30"
        assert api.status == 503
        body = json.loads(api.body)
        assert body["error"]["code"] == "service_unavailable"
        assert "database" in body["error"]["message"] and body["error"]["fields"] == {}
        health = get(server.port, "/healthz", timeout=30)
        assert health.status == 503 and "database" in json.loads(health.body)["down"]

        proxy.restore()
        deadline = time.monotonic() + 30
        while statuses(server.port, session, access) != {"page": 200, "api": 200}:
            assert time.monotonic() < deadline, "did not recover within 30 seconds"
            time.sleep(0.5)
        recovered_after = time.monotonic() - started
        # Once back, every request succeeds: no broken connection is handed out again.
        for _round in range(5):
            assert statuses(server.port, session, access) == {"page": 200, "api": 200}
        assert get(server.port, "/healthz").status == 200

        # A blip nobody saw (a quick restart between two requests): the connections the
        # pool holds are all broken, and the pool checks each before handing it out.
        proxy.cut()
        proxy.restore()
        for _round in range(5):
            assert statuses(server.port, session, access) == {"page": 200, "api": 200}
        assert server.process.poll() is None and server.process.pid == pid  # no restart
    finally:
        server.stop()
        proxy.cut()
    log = server.log.read_text()
    assert "Internal Server Error" not in log, log[-3000:]
    print(f"recovered {recovered_after:.1f} s after the cut")
