"""Fixtures shared by every context's tests."""

import os

import pytest
from django.core.cache import cache

from lms.accounts.tests.factories import AdminFactory, InstructorFactory, StudentFactory
from tests.seeds import migration_rows_seed

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from the
# same thread are safe here because nothing else uses that loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _isolated_cache_and_media(settings, tmp_path):
    """Throttle and lockout counters live in the cache; uploaded files in MEDIA_ROOT.

    Django's test setup swaps EMAIL_BACKEND for locmem; put the real queued backend back so
    every test sends mail the way the app does (on commit, through the Huey task), and only
    the task's final delivery lands in `mail.outbox`."""
    cache.clear()
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.EMAIL_BACKEND = "lms.notifications.email.QueuedEmailBackend"
    yield
    cache.clear()


# A transactional test flushes every table at its end, seeded rows included (tests/seeds.py):
# the next test that uses the database puts them back.
_seeds = {"flushed": False}


def _flushes_the_database(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction"))
    return transactional or bool({"transactional_db", "live_server"} & set(request.fixturenames))


def _database_fixture(request) -> str | None:
    for name in ("transactional_db", "db"):
        if name in request.fixturenames:
            return name
    return "_django_db_helper" if request.node.get_closest_marker("django_db") else None


@pytest.fixture(autouse=True)
def _migration_seeds_survive_flushes(request):
    database = _database_fixture(request)
    if _seeds["flushed"] and database:
        request.getfixturevalue(database)
        migration_rows_seed()
        _seeds["flushed"] = False
    yield
    if _flushes_the_database(request):
        _seeds["flushed"] = True


@pytest.fixture
def student(db):
    return StudentFactory()


@pytest.fixture
def instructor(db):
    return InstructorFactory()


@pytest.fixture
def admin_user(db):
    return AdminFactory()


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


# Debian's Chromium, started the way this machine allows: headless, no sandbox (root), and
# without the background calls to Google's services that a closed network refuses.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--autoplay-policy=no-user-gesture-required",
]


@pytest.fixture
def chromium_browser():
    """A Playwright-driven Chromium for browser tests (mark them `browser`)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def sign_in_browser(live_server):
    """`sign_in_browser(context, user)`: the browser context carries `user`'s session, made by
    a test client's force_login, so a test skips the login page it is not about."""
    from django.conf import settings
    from django.test import Client

    def sign_in(context, user) -> None:
        client = Client()
        client.force_login(user)
        name = settings.SESSION_COOKIE_NAME
        context.add_cookies(
            [{"name": name, "value": client.cookies[name].value, "url": live_server.url}]
        )

    return sign_in
