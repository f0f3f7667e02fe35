"""A GET never changes state, in any face (#7): every route of the project is requested with
GET by each kind of person, with real objects in place, and no INSERT, UPDATE or DELETE may
reach the database. A route added later is walked too, so one whose GET writes fails here.

The console's routes are walked by admin_ext/tests/test_console_access.py (the role × page
matrix records writes on every request it makes); this module walks everything else: the
student app, the API, the sign-in pages and the rest."""

import pytest
from django.db import connection
from django.test import Client

from tests.url_walk import WriteRecorder, all_routes, build_world, get_recording_writes, urls_for

pytestmark = pytest.mark.django_db

# Routes whose GET may write, each with the reason. Keep it to GETs that a third party makes
# (a gateway sending the browser back) where the write only records what it confirms.
GET_MAY_WRITE: dict[str, str] = {
    "student_pwa:payment_return": (
        "Stripe sends the browser back with a GET; the order is settled only with what "
        "Stripe's API says about the session, so a forged GET cannot change anything"
    ),
}
# Pages that are the same for everyone (and slow to build): walked once, anonymously.
SAME_FOR_EVERYONE = {"api-schema", "api-docs"}


def _outside_console(route) -> bool:
    return not route.route.startswith("admin/")


@pytest.mark.parametrize("role", ["anonymous", "student", "instructor", "admin"])
def test_no_get_changes_data(role):
    world = build_world()
    client = Client(raise_request_exception=False)
    person = {"student": world.student, "instructor": world.instructor, "admin": world.admin}
    if role in person:
        client.force_login(person[role])
    writes = {}
    for route in filter(_outside_console, all_routes()):
        if route.name in GET_MAY_WRITE or (role != "anonymous" and route.name in SAME_FOR_EVERYONE):
            continue
        for path in urls_for(route, world):
            _response, statements = get_recording_writes(client, path)
            if statements:
                writes[f"{route.name or route.route} {path}"] = statements
    assert writes == {}


def test_the_walk_reaches_every_face():
    """The walk is not vacuous: it covers the student app, the API and the sign-in pages."""
    names = {route.name for route in filter(_outside_console, all_routes())}
    for expected in ("student_pwa:task_complete", "api:task-complete", "account_logout"):
        assert expected in names


def test_the_recorder_sees_a_write():
    from lms.accounts.tests.factories import StudentFactory

    recorder = WriteRecorder()
    with connection.execute_wrapper(recorder):
        StudentFactory()
    assert any(statement.upper().startswith("INSERT") for statement in recorder.statements)
