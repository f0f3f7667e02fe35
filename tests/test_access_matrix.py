"""Who may do what where (#10): every route outside the console (student app, public site,
sign-in pages, API, WebSocket) × every kind of person, with real objects that belong to
someone else. The expected outcomes are the tables of tests/access_matrix.py; a route (or a
method of one) without a row fails here and says where to add it, and so does a row whose
route is gone. The console has its own table: admin_ext/tests/test_console_access.py.

Each request runs in a savepoint rolled back afterwards, so what one role does (a POST that
completes a task) cannot change what the next sees; the world is built once per module."""

import copy

import pytest
from asgiref.sync import async_to_sync
from channels.auth import AuthMiddlewareStack
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from rest_framework.views import APIView

from config.routing import websocket_urlpatterns
from lms.accounts.websocket import JwtAuthMiddleware
from tests import access_matrix as table
from tests.url_walk import WriteRecorder, _taught, all_routes, build_world, urls_for

pytestmark = pytest.mark.django_db

UNSAFE = ("POST", "PUT", "PATCH", "DELETE")


# --- The world and the people ---------------------------------------------------------------


@pytest.fixture(scope="module")
def world_media(tmp_path_factory):
    return tmp_path_factory.mktemp("matrix-media")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, world_media):
    """One world for the module, in a transaction rolled back at its end (each test's own
    transaction nests inside it as a savepoint)."""
    with django_db_blocker.unblock(), _media_root(world_media), transaction.atomic():
        built = build_world()
        _add_objects(built)
        yield built
        transaction.set_rollback(True)


def _add_objects(world) -> None:
    """What the per-route walk does not reach: a locked lesson (the owner has done the
    first lesson only, so the third is locked for every student), an unpublished course
    the owner is enrolled in, and calendar feeds (the owner's, and a disabled person's)."""
    from lms.catalog.models import CourseStatus
    from lms.catalog.tests.factories import LessonDocumentFactory, LessonFactory, TaskFactory
    from lms.learning.tests.factories import EnrollmentFactory
    from lms.meetings.services import calendar_feed_renew

    for position in (2, 3):
        lesson = LessonFactory(module=world.module, position=position)
        task = TaskFactory(lesson=lesson, position=1)
    world.locked_lesson, world.locked_task = lesson, task
    world.locked_document = LessonDocumentFactory(lesson=lesson)
    other_lesson = world.other_course.modules.get().lessons.get()
    world.other_document = LessonDocumentFactory(lesson=other_lesson)
    world.draft_course = _taught(world.instructor, title="Unpublished course")
    world.draft_course.status = CourseStatus.DRAFT
    world.draft_course.save(update_fields=["status"])
    world.draft_lesson = world.draft_course.modules.get().lessons.get()
    EnrollmentFactory(user=world.owner, course=world.draft_course)
    world.owner_feed = calendar_feed_renew(user=world.owner)
    world.disabled_feed = calendar_feed_renew(user=world.disabled)


class _media_root:
    def __init__(self, path):
        self.path = str(path)

    def __enter__(self):
        self.saved, settings.MEDIA_ROOT = settings.MEDIA_ROOT, self.path

    def __exit__(self, *exc):
        settings.MEDIA_ROOT = self.saved


@pytest.fixture(autouse=True)
def _world_files_and_no_throttles(settings, world_media, monkeypatch):
    """The world's files stay where they were saved; API throttles would otherwise cut a
    role's walk short (every rate limit has its own tests)."""
    settings.MEDIA_ROOT = str(world_media)
    monkeypatch.setattr(APIView, "check_throttles", lambda self, request: None)


def person(world, role):
    return {
        "anonymous": None,
        "unverified": world.unverified,
        "student": world.owner,  # owns the order, attempt, submission, daily entry, résumé
        "other_student": world.student,  # enrolled in the same course, owns none of them
        "other_instructor": world.other_instructor,
        "instructor": world.instructor,
        "admin": world.admin,
        "disabled": world.disabled,
    }[role]


def client_for(world, role, **options) -> Client:
    client = Client(raise_request_exception=False, **options)
    user = person(world, role)
    if user is not None:
        client.force_login(user)
    return client


# --- Routes, methods and outcomes -----------------------------------------------------------


def methods_of(route) -> list[str]:
    """The methods a view answers: a class's handlers, or a function's
    `@require_http_methods` list; GET for anything else."""
    view_class = getattr(route.callback, "view_class", None) or getattr(route.callback, "cls", None)
    if view_class is not None and not _redirect_only(view_class):
        methods = [
            m.upper() for m in ("get", "post", "put", "patch", "delete") if hasattr(view_class, m)
        ]
        return methods or ["GET"]
    declared = _declared_methods(route.callback)
    return [m for m in declared if m != "HEAD"] if declared else ["GET"]


def _redirect_only(view_class) -> bool:
    from django.views.generic import RedirectView

    return issubclass(view_class, RedirectView)


def _declared_methods(function):
    while function is not None:
        for cell in function.__closure__ or ():
            try:
                value = cell.cell_contents
            except ValueError:
                continue
            if (
                isinstance(value, (list, tuple))
                and value
                and all(isinstance(item, str) and item.isupper() for item in value)
            ):
                return list(value)
        function = getattr(function, "__wrapped__", None)
    return None


def route_key(route) -> str:
    return route.name or "/" + route.route


def http_cases(world) -> dict[str, str]:
    """`"METHOD route-name"` -> the path to request, for every route outside the console."""
    cases = {}
    for route in all_routes():
        if route.route.startswith("admin/"):
            continue
        paths = urls_for(route, world)
        if not paths:
            continue  # replaced by an earlier route of the same name
        for method in methods_of(route):
            cases[f"{method} {route_key(route)}"] = paths[0]
    return cases


def outcome(response) -> str:
    status = response.status_code
    if 200 <= status < 300:
        return table.OK
    if 300 <= status < 400:
        location = response["Location"]
        if location.startswith((reverse("account_login"), "/admin/login/")):
            return table.LOGIN
        if location.startswith(reverse("account_email_verification_sent")):
            return table.VERIFY
        return table.GO
    return str(status)


def request(client, method: str, path: str):
    """One request in a savepoint rolled back afterwards; returns it and its writes. The
    client's cookies are put back too (a sign-out would otherwise end the walk's session)."""
    recorder, cookies = WriteRecorder(), copy.deepcopy(client.cookies)
    options = {}
    if path.startswith("/api/") and method != "GET":
        options = {"data": "{}", "content_type": "application/json"}
    with transaction.atomic(), connection.execute_wrapper(recorder):
        response = getattr(client, method.lower())(path, **options)
        transaction.set_rollback(True)
    client.cookies = cookies
    return response, recorder.statements


def _report(wrong: dict) -> str:
    return "\n" + "\n".join(f"{key}: {value}" for key, value in sorted(wrong.items()))


# --- The tests ------------------------------------------------------------------------------


def rows_missing(world) -> list[str]:
    return sorted(set(http_cases(world)) - set(table.MATRIX))


def test_every_route_has_a_row(world):
    missing = rows_missing(world)
    assert missing == [], (
        f"routes without a row: {missing}. Say who may use each: add a row to MATRIX in "
        "tests/access_matrix.py (see 'Access control matrix' in the README)."
    )
    stale = sorted(set(table.MATRIX) - set(http_cases(world)))
    assert stale == [], f"rows in tests/access_matrix.py MATRIX for routes that are gone: {stale}"


@pytest.mark.urls("tests.urls_with_a_new_route")
def test_a_new_route_without_a_row_is_caught(world):
    """The routes come from the URL resolver, so one added anywhere is seen, with each
    method its view declares."""
    assert rows_missing(world) == ["POST new_thing"]


def test_every_socket_route_has_a_row():
    routes = {"/" + str(pattern.pattern) for pattern in websocket_urlpatterns()}
    missing = sorted(routes - set(table.SOCKETS))
    assert missing == [], (
        f"WebSocket routes without a row: {missing}. Add them to SOCKETS in tests/access_matrix.py"
    )
    assert sorted(set(table.SOCKETS) - routes) == [], "SOCKETS rows for routes that are gone"


@pytest.mark.parametrize("role", table.ROLES)
def test_access_by_role(world, role):
    client = client_for(world, role)
    wrong = {}
    for key, path in http_cases(world).items():
        if key not in table.MATRIX:
            continue  # reported by test_every_route_has_a_row
        method = key.split(" ", 1)[0]
        response, _writes = request(client, method, path)
        expected = table.expected(key, role)
        if outcome(response) != expected:
            wrong[key] = f"{path}: expected {expected}, got {outcome(response)}"
    assert not wrong, _report(wrong)


@pytest.mark.parametrize("role", table.ROLES)
def test_objects_of_someone_else(world, role):
    """The objects that matter most, by path: another student's files and records, a
    locked lesson, an unpublished course."""
    client = client_for(world, role)
    wrong = {}
    for name, (method, make_path, row) in table.OBJECT_CASES.items():
        path = make_path(world)
        response, _writes = request(client, method, path)
        expected = table.row_outcome(row, role)
        if outcome(response) != expected:
            wrong[name] = f"{method} {path}: expected {expected}, got {outcome(response)}"
    assert not wrong, _report(wrong)


def test_an_unverified_account_is_told_to_verify(world):
    """Where a guest is asked to sign in (401), an account whose email is not verified is
    told why it is refused: 403 `email_unverified` (lms.api.authentication), by session and
    by a token alike."""
    from rest_framework_simplejwt.tokens import AccessToken

    session = client_for(world, "unverified")
    token = AccessToken.for_user(world.unverified)
    bearer = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {token}")
    checked, wrong = 0, {}
    for key, path in http_cases(world).items():
        row = table.MATRIX.get(key, "")
        if not path.startswith("/api/") or table.row_outcome(row, "anonymous") != "401":
            continue
        method = key.split(" ", 1)[0]
        for how, client in (("session", session), ("token", bearer)):
            response, writes = request(client, method, path)
            code = response.json()["error"]["code"] if response.status_code == 403 else None
            if code != "email_unverified" or writes:
                wrong[f"{key} ({how})"] = f"{response.status_code} {code}, writes {writes}"
        checked += 1
    assert checked > 50
    assert not wrong, _report(wrong)


def test_a_post_without_csrf_token_is_refused(world):
    """A session-signed-in browser's state-changing request without the CSRF token is
    refused (403) and writes nothing, except on the routes listed as exempt, each with its
    reason. Signed in as an admin: the person a forged request would gain most from."""
    client = client_for(world, "admin", enforce_csrf_checks=True)
    wrong = {}
    for key, path in http_cases(world).items():
        method, name = key.split(" ", 1)
        if method not in UNSAFE or name in table.CSRF_EXEMPT:
            continue
        response, writes = request(client, method, path)
        if response.status_code != 403 or writes:
            wrong[key] = f"{path}: {response.status_code}, writes {writes}"
    assert not wrong, _report(wrong)


def test_csrf_exempt_routes_exist(world):
    names = {key.split(" ", 1)[1] for key in http_cases(world)}
    assert sorted(set(table.CSRF_EXEMPT) - names) == []


def socket_path(world, route: str) -> str:
    """A socket route with the world's objects in its parameters."""
    return route.replace("<int:conversation_id>", str(world.objects["chat.conversation"].pk))


def socket_outcome(world, role, path) -> str:
    application = AuthMiddlewareStack(JwtAuthMiddleware(URLRouter(websocket_urlpatterns())))
    client = client_for(world, role)
    headers = [(b"origin", b"http://testserver")]
    if settings.SESSION_COOKIE_NAME in client.cookies:
        cookie = (
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )
        headers.append((b"cookie", cookie.encode()))

    async def connect():
        communicator = WebsocketCommunicator(application, path, headers=headers)
        connected, code = await communicator.connect()
        await communicator.disconnect()
        return table.OPEN if connected else str(code)

    return async_to_sync(connect)()


@pytest.mark.parametrize("role", table.ROLES)
def test_sockets_by_role(world, role, monkeypatch):
    # Channels closes "old" connections around each database call; inside the world's
    # transaction that would close the one connection the test runs in.
    monkeypatch.setattr("channels.db.close_old_connections", lambda: None)
    wrong = {}
    for path, row in table.SOCKETS.items():
        got = socket_outcome(world, role, socket_path(world, path))
        if got != table.row_outcome(row, role):
            wrong[path] = f"expected {table.row_outcome(row, role)}, got {got}"
    assert not wrong, _report(wrong)


def test_sockets_with_an_access_token(world, monkeypatch):
    """API clients sign a socket in with a JWT access token (`?token=`): the owner's opens
    it, a disabled person's and a forged one are closed with 4401."""
    from rest_framework_simplejwt.tokens import AccessToken

    monkeypatch.setattr("channels.db.close_old_connections", lambda: None)
    for path in table.SOCKETS:
        tokens = {
            str(AccessToken.for_user(world.owner)): table.OPEN,
            str(AccessToken.for_user(world.disabled)): "4401",
            "forged.token.value": "4401",
        }
        for token, expected in tokens.items():
            got = socket_outcome(world, "anonymous", f"{socket_path(world, path)}?token={token}")
            assert got == expected, (path, token[:12], got)
