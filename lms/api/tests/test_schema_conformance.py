"""Schemathesis against /api/schema/ with a student's and an admin's token: for every
operation, no 5xx,
no status the schema does not declare, and responses that match their declared shape.

In process through the WSGI app (Django's same request path as under daphne, without a
server to start or a socket per request), derandomized and a small example count so the run is repeatable and
takes well under a minute of CPU."""

import time

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.views import APIView
from rest_framework_simplejwt.tokens import RefreshToken
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from lms.catalog.tests.factories import CourseFactory

# An admin reaches every operation for real (a student is refused most authoring ones
# early), so fewer examples keep both runs within about a minute of CPU each.
EXAMPLES_PER_OPERATION = {"student": 5, "admin_user": 3}
# CPU time, not wall time: the suite shares the machine, and waiting is not our cost.
CPU_BUDGET_SECONDS = 60
# Schema-valid input may still break a rule (a wrong email code, a weak password): a
# refusal in the error shape with a declared status is right, so that check stays off.
ACCEPTANCE = [positive_data_acceptance]


@pytest.fixture
def api_schema(db):
    """The schema as the app serves it, with requests going to the WSGI app in process.

    Django's test client disconnects `close_old_connections` from the request signals: the
    test's transaction would otherwise be closed under it by the first request."""
    from config.wsgi import application

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/", application)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _operations(schema):
    for result in schema.get_all_operations():
        yield result.ok()


@pytest.mark.parametrize("role", ["student", "admin_user"])
def test_every_operation_conforms_to_the_schema(api_schema, role, request, monkeypatch):
    """As a student most console operations answer 403; as an admin they run for real."""
    person = request.getfixturevalue(role)
    # The per-person request limits would answer 429 (a declared status) after the first
    # hundred cases and leave the rest untested.
    monkeypatch.setattr(APIView, "get_throttles", lambda self: [])
    CourseFactory()
    headers = {"Authorization": f"Bearer {RefreshToken.for_user(person).access_token}"}
    failures: list[str] = []
    started = time.process_time()
    operations = list(_operations(api_schema))
    assert len(operations) > 20

    for operation in operations:
        for mode in GenerationMode:

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=EXAMPLES_PER_OPERATION[role],
                derandomize=True,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def check(case):
                case.call_and_validate(headers=headers, excluded_checks=ACCEPTANCE)

            try:
                check()
            except Unsatisfiable:
                continue  # nothing in this operation can be made invalid (a free-text slug)
            except (Exception, BaseExceptionGroup) as error:  # collect every failure
                failures.append(f"{operation.label} [{mode}]: {str(error)[:1500]}")

    spent = time.process_time() - started
    assert not failures, "\n\n".join(failures)
    assert spent < CPU_BUDGET_SECONDS
