"""Sign-in limits for a classroom (issue #7): a class behind one address signs up, verifies
and signs in together with the default settings, while guessers are stopped. Failures are
limited, successes never; the counters are exact and live in the database."""

import re
import time

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from lms.accounts.models import User
from lms.accounts.tests.factories import PASSWORD, StudentFactory

pytestmark = pytest.mark.django_db
CLASSROOM = "203.0.113.50"
STRONG = "Blue-Pelican-2931"
CLASS_SIZE = 60


@pytest.fixture
def one_window(monkeypatch):
    """Every counter and throttle sees the same instant: the whole class arrives within
    one window of every limit, stricter than "within two minutes" whatever the test's
    own speed."""
    from lms.accounts import limits
    from lms.api import throttles

    instant = (time.time() // 3600) * 3600 + 1
    monkeypatch.setattr(limits, "_now", lambda: instant)
    for throttle in (throttles.AuthAddressThrottle, throttles.TokenOwnerThrottle):
        monkeypatch.setattr(throttle, "timer", lambda self: instant)


def api(address: str = CLASSROOM) -> APIClient:
    return APIClient(REMOTE_ADDR=address)


def mail_to(email: str) -> str:
    return next(m.body for m in reversed(mail.outbox) if m.to == [email])


def sign_in(client: APIClient, email: str, password: str):
    return client.post("/api/v1/auth/token", {"email": email, "password": password}, format="json")


def test_a_class_of_60_signs_up_verifies_and_signs_in_from_one_address_through_the_api(
    django_capture_on_commit_callbacks, one_window
):
    refresh_tokens = []
    for n in range(CLASS_SIZE):
        client, email = api(), f"student{n}@example.com"
        with django_capture_on_commit_callbacks(execute=True):
            registered = client.post(
                "/api/v1/auth/register",
                {"email": email, "password": STRONG, "full_name": f"Student {n}"},
                format="json",
            )
        assert registered.status_code == 201, (n, registered.content)
        code = re.search(r"\b(\d{6})\b", mail_to(email)).group(1)
        verified = client.post(
            "/api/v1/auth/email/verify", {"email": email, "code": code}, format="json"
        )
        assert verified.status_code == 200, (n, verified.content)
        if n % 5 == 0:  # some mistype their password first
            assert sign_in(client, email, "not-my-password").status_code == 401
        signed_in = sign_in(client, email, STRONG)
        assert signed_in.status_code == 200, (n, signed_in.content)
        refresh_tokens.append(signed_in.json()["refresh"])
    # Then every phone refreshes its token a few times: never counted per address.
    for _ in range(3):
        for index, token in enumerate(refresh_tokens):
            refreshed = api().post("/api/v1/auth/token/refresh", {"refresh": token}, format="json")
            assert refreshed.status_code == 200, refreshed.content
            refresh_tokens[index] = refreshed.json()["refresh"]
    assert User.objects.filter(email__startswith="student").count() == CLASS_SIZE


def test_a_class_of_60_signs_up_verifies_and_signs_in_on_the_web_pages(
    django_capture_on_commit_callbacks, one_window
):
    for n in range(CLASS_SIZE):
        browser, email = Client(REMOTE_ADDR=CLASSROOM), f"web{n}@example.com"
        with django_capture_on_commit_callbacks(execute=True):
            signed_up = browser.post(
                reverse("account_signup"),
                {"full_name": f"Web {n}", "email": email, "password1": STRONG, "password2": STRONG},
            )
        assert signed_up.status_code == 302, (n, signed_up.status_code)
        link = re.search(r"/accounts/confirm-email/[^\s]+/", mail_to(email)).group(0)
        assert browser.post(link).status_code == 302
        browser.logout()
        if n % 5 == 0:
            wrong = browser.post(reverse("account_login"), {"login": email, "password": "nope"})
            assert wrong.status_code == 200
        signed_in = browser.post(reverse("account_login"), {"login": email, "password": STRONG})
        assert signed_in.status_code == 302, (n, signed_in.status_code)


def test_one_account_guessed_from_50_addresses_is_locked_after_the_limit(settings):
    settings.LMS_TRUSTED_PROXIES = 1  # the guesser's addresses as a proxy reports them
    victim = StudentFactory()
    statuses = [
        APIClient(HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        .post("/api/v1/auth/token", {"email": victim.email, "password": f"guess-{n}"})
        .status_code
        for n in range(50)
    ]
    allowed = settings.LMS_SIGNIN_FAILURES_PER_ACCOUNT
    assert statuses == [401] * allowed + [429] * (50 - allowed)
    # Locked means locked, for the right password too, from anywhere.
    assert sign_in(api("192.0.2.1"), victim.email, PASSWORD).status_code == 429


def test_the_owner_lifts_a_lockout_by_resetting_the_password_by_email(
    django_capture_on_commit_callbacks, settings
):
    victim = StudentFactory(email="owner@example.com")
    for n in range(settings.LMS_SIGNIN_FAILURES_PER_ACCOUNT):
        sign_in(api(f"198.51.100.{n}"), victim.email, "guess")
    owner = api()
    assert sign_in(owner, victim.email, PASSWORD).json()["error"]["code"] == "locked_out"
    with django_capture_on_commit_callbacks(execute=True):
        owner.post("/api/v1/auth/password/reset", {"email": victim.email}, format="json")
    key = re.search(r"/accounts/password/reset/key/([^/\s]+)/", mail_to(victim.email)).group(1)
    reset = owner.post(
        "/api/v1/auth/password/reset/confirm", {"key": key, "new_password": STRONG}, format="json"
    )
    assert reset.status_code == 200
    assert sign_in(owner, victim.email, STRONG).status_code == 200


def test_many_accounts_guessed_from_one_address_are_stopped(settings):
    limit = settings.LMS_SIGNIN_FAILURES_PER_ADDRESS
    guesser = api("198.51.100.66")
    statuses = [
        sign_in(guesser, f"someone{n}@example.com", "Password123").status_code
        for n in range(limit + 5)
    ]
    assert statuses == [401] * limit + [429] * 5
    body = sign_in(guesser, "someone-else@example.com", "Password123").json()
    assert body["error"]["code"] == "locked_out" and "network" in body["error"]["message"]
    # Another address is not affected.
    assert sign_in(api(), StudentFactory().email, PASSWORD).status_code == 200


def test_classmates_failures_and_successes_never_lock_the_owner_out(settings):
    owner = StudentFactory()
    classmates = [StudentFactory() for _ in range(30)]
    for classmate in classmates:
        assert sign_in(api(), classmate.email, "typo").status_code == 401
        assert sign_in(api(), classmate.email, PASSWORD).status_code == 200
    # A successful sign-in gives its attempt back: the address is not nearer its limit.
    for _ in range(settings.LMS_SIGNIN_FAILURES_PER_ACCOUNT * 4):
        assert sign_in(api(), owner.email, PASSWORD).status_code == 200


def test_web_sign_in_from_a_guessed_address_shows_the_network_message(client, settings):
    settings.LMS_SIGNIN_FAILURES_PER_ADDRESS = 3
    for n in range(3):
        client.post(reverse("account_login"), {"login": f"x{n}@example.com", "password": "a"})
    refused = client.post(reverse("account_login"), {"login": "y@example.com", "password": "a"})
    assert refused.status_code == 429
    assert "from your network" in refused.content.decode()


def test_the_console_login_is_under_the_same_limits(client, settings):
    admin = StudentFactory()
    for _ in range(settings.LMS_SIGNIN_FAILURES_PER_ACCOUNT):
        client.post("/admin/login/", {"username": admin.email, "password": "guess"})
    refused = client.post("/admin/login/", {"username": admin.email, "password": PASSWORD})
    assert refused.status_code == 429


def test_refresh_is_limited_per_person_not_per_address(settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    student = StudentFactory()
    token = sign_in(api(), student.email, PASSWORD).json()["refresh"]
    statuses = []
    for _ in range(int(rates["refresh"].split("/")[0]) + 1):
        response = api().post("/api/v1/auth/token/refresh", {"refresh": token}, format="json")
        statuses.append(response.status_code)
        token = response.json().get("refresh", token)
    assert statuses[:-1] == [200] * (len(statuses) - 1) and statuses[-1] == 429
    # A classmate at the same address is not affected.
    other = sign_in(api(), StudentFactory().email, PASSWORD).json()["refresh"]
    assert (
        api().post("/api/v1/auth/token/refresh", {"refresh": other}, format="json").status_code
        == 200
    )


def test_a_script_cannot_create_accounts_without_end(settings, django_capture_on_commit_callbacks):
    settings.LMS_SIGNUPS_PER_ADDRESS_PER_HOUR = 3
    statuses = []
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):
            response = api("198.51.100.7").post(
                "/api/v1/auth/register",
                {"email": f"bot{n}@example.com", "password": STRONG, "full_name": "Bot"},
                format="json",
            )
            statuses.append(response.status_code)
    assert statuses == [201, 201, 201, 429, 429]
    assert User.objects.filter(email__startswith="bot").count() == 3
    # The web sign-up page counts against the same budget.
    page = Client(REMOTE_ADDR="198.51.100.7").post(
        reverse("account_signup"),
        {"full_name": "Bot", "email": "bot9@example.com", "password1": STRONG, "password2": STRONG},
    )
    assert page.status_code == 429 and not User.objects.filter(email="bot9@example.com").exists()


def test_email_codes_cannot_be_guessed_across_accounts(settings):
    settings.LMS_EMAIL_CODE_FAILURES_PER_ADDRESS = 4
    students = [StudentFactory(verified=False) for _ in range(6)]
    statuses = [
        api("198.51.100.8")
        .post("/api/v1/auth/email/verify", {"email": s.email, "code": "123456"}, format="json")
        .status_code
        for s in students
    ]
    assert statuses == [400] * 4 + [429] * 2


def test_password_reset_emails_are_limited_per_target(settings, django_capture_on_commit_callbacks):
    victim = StudentFactory()
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            api(f"198.51.100.{n}")
            .post("/api/v1/auth/password/reset", {"email": victim.email}, format="json")
            .status_code
            for n in range(6)
        ]
    assert statuses == [202] * 6  # the answer says nothing
    assert len([m for m in mail.outbox if m.to == [victim.email]]) == (
        settings.LMS_PASSWORD_RESETS_PER_EMAIL_PER_HOUR
    )
