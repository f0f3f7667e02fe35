"""Database connections under daphne stay bounded (#7): 30 clients × 20 requests against a
real daphne with the production settings must not leave a connection per thread behind."""

import http.client
import threading
import time

import pytest
from django.db import connection

from config.tests.servers import Daphne

CLIENTS = 30
REQUESTS_PER_CLIENT = 20
POOL_MAX = 8
# The server's connections are told apart from any other client of the test database (a
# server of another test still closing, this test's own) by their application name.
APPLICATION_NAME = "lms-pool-under-test"

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only"),
    pytest.mark.django_db(transaction=True),
]


def _server_connections() -> int:
    """Connections the server under test holds to the test database."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND application_name = %s",
            [APPLICATION_NAME],
        )
        return cursor.fetchone()[0]


def _client(port: int, statuses: list[int]) -> None:
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for _ in range(REQUESTS_PER_CLIENT):
        client.request("GET", "/healthz")
        response = client.getresponse()
        response.read()
        statuses.append(response.status)
    client.close()


def test_concurrent_requests_leave_a_bounded_number_of_connections(tmp_path):
    server = Daphne(
        tmp_path,
        LMS_DB_POOL_MIN="1",
        LMS_DB_POOL_MAX=str(POOL_MAX),
        PGAPPNAME=APPLICATION_NAME,  # read by libpq and psycopg
    )
    try:
        statuses: list[int] = []
        clients = [
            threading.Thread(target=_client, args=(server.port, statuses)) for _ in range(CLIENTS)
        ]
        peak = 0
        for thread in clients:
            thread.start()
        while any(thread.is_alive() for thread in clients):
            peak = max(peak, _server_connections())
            time.sleep(0.05)
        time.sleep(1)
        after = _server_connections()
    finally:
        server.stop()

    assert peak > 0, "the server's connections were not seen"
    assert len(statuses) == CLIENTS * REQUESTS_PER_CLIENT
    assert set(statuses) == {200}, sorted(set(statuses))
    assert peak <= POOL_MAX, f"{peak} connections open during the run"
    assert after <= POOL_MAX, f"{after} connections left open after the run"
