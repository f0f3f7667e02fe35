"""Every limit is listed once, in the README's "Limits" table, and every listed limit has a
test. A limit added in the code (a `Limit("name", ...)` or an API throttle rate) without a
row fails here; so does a row whose test is missing.

The tests of limits that had none live at the end of this module."""

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.urls import reverse
from rest_framework.test import APIClient

from lms.accounts.tests.factories import StudentFactory
from lms.catalog.tests.factories import CourseFactory

pytestmark = pytest.mark.django_db
BASE_DIR = Path(django_settings.BASE_DIR)
STRONG = "A-strong-passphrase-42!"

# Limit (as named in the README) → the test that shows it refusing ("path::function").
TESTS = {
    "signin-account": "lms/accounts/tests/test_limits.py::"
    "test_one_account_guessed_from_50_addresses_is_locked_after_the_limit",
    "signin-address": "lms/accounts/tests/test_limits.py::"
    "test_many_accounts_guessed_from_one_address_are_stopped",
    "signup-address-hour": "lms/accounts/tests/test_limits.py::"
    "test_a_script_cannot_create_accounts_without_end",
    "signup-address-day": "tests/test_limits_listed.py::test_signups_per_address_per_day",
    "email-code-address": "lms/accounts/tests/test_limits.py::"
    "test_email_codes_cannot_be_guessed_across_accounts",
    "email-code-tries": "lms/accounts/tests/test_services.py::"
    "test_wrong_codes_are_counted_and_the_code_dies_after_the_limit",
    "reset-email": "lms/accounts/tests/test_limits.py::"
    "test_password_reset_emails_are_limited_per_target",
    "reset-address": "tests/test_limits_listed.py::test_password_resets_per_client_address",
    "coupon-attempts": "tests/test_limits_listed.py::"
    "test_guessing_coupons_at_checkout_is_bounded_like_quotes",
    "community-post": "lms/community/tests/test_api.py::test_posting_limit_answers_429",
    "profile-uploads": "lms/accounts/tests/test_profile_files.py::"
    "test_the_api_answers_the_upload_limit_in_the_error_shape",
    "api-anon": "tests/test_limits_listed.py::test_anonymous_api_requests_are_throttled",
    "api-user": "lms/api/tests/test_errors_and_limits.py::test_per_user_throttle_answers_429",
    "api-auth": "tests/test_limits_listed.py::test_sign_in_calls_are_throttled_per_address",
    "api-refresh": "lms/accounts/tests/test_limits.py::"
    "test_refresh_is_limited_per_person_not_per_address",
    "upload-body": "lms/core/tests/test_upload_abuse.py::test_an_upload_over_the_body_limit_is_a_413",
    "request-body": "lms/api/tests/test_request_limits.py::"
    "test_a_body_over_the_limit_is_a_413_in_the_error_shape",
}
# Names the code uses for the same limits where they differ from the README's.
THROTTLE_ROWS = {"anon": "api-anon", "user": "api-user", "auth": "api-auth"}
THROTTLE_ROWS["refresh"] = "api-refresh"


def _readme_limits() -> list[str]:
    text = (BASE_DIR / "README.md").read_text()
    section = text.split("#### Limits", 1)[1].split("\n#", 1)[0]
    return re.findall(r"^\| `([a-z-]+)` \|", section, flags=re.MULTILINE)


def test_the_readme_table_and_this_mapping_list_the_same_limits():
    listed = _readme_limits()
    assert len(listed) == len(set(listed)), "a limit is listed twice"
    assert set(listed) == set(TESTS)


@pytest.mark.parametrize("limit", sorted(TESTS))
def test_each_listed_limit_has_a_test(limit):
    path, function = TESTS[limit].split("::")
    source = (BASE_DIR / path).read_text()
    assert re.search(rf"^def {function}\(", source, flags=re.MULTILINE), TESTS[limit]


def test_every_limit_in_the_code_is_listed():
    listed = set(_readme_limits())
    names = set()
    for source in (BASE_DIR / "lms").rglob("*.py"):
        if "tests" not in source.parts:
            names |= set(re.findall(r'Limit\(\s*"([a-z-]+)"', source.read_text()))
    assert names, "no Limit(...) found: the scan tests nothing"
    assert names <= listed, names - listed
    rates = django_settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert {THROTTLE_ROWS.get(name, name) for name in rates} <= listed


# --- Limits that had no test ---------------------------------------------------------------


def _register(address: str, n: int):
    return APIClient(REMOTE_ADDR=address).post(
        "/api/v1/auth/register",
        {"email": f"day{n}@example.com", "password": STRONG, "full_name": "Day"},
        format="json",
    )


def test_signups_per_address_per_day(settings, django_capture_on_commit_callbacks):
    settings.LMS_SIGNUPS_PER_ADDRESS_PER_DAY = 2
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [_register("198.51.100.40", n).status_code for n in range(3)]
        other_address = _register("198.51.100.41", 9).status_code
    assert statuses == [201, 201, 429] and other_address == 201


def test_password_resets_per_client_address(settings, django_capture_on_commit_callbacks):
    settings.LMS_PASSWORD_RESETS_PER_ADDRESS_PER_HOUR = 2
    people = [StudentFactory() for _ in range(4)]
    client = APIClient(REMOTE_ADDR="198.51.100.42")
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            client.post("/api/v1/auth/password/reset", {"email": p.email}).status_code
            for p in people
        ]
    assert statuses == [202] * 4  # the answer never says whether anything was sent
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people[:2])


def test_guessing_coupons_at_checkout_is_bounded_like_quotes(api_client, student, settings):
    # The quote endpoint has its own test; enrolling (redeeming) counts against the same
    # budget, so guessing cannot move there.
    settings.LMS_COUPON_ATTEMPTS_PER_MINUTE = 2
    api_client.force_authenticate(student)
    course = CourseFactory(coupon_only=True)
    url = reverse("api:course-enroll", args=[course.slug])
    statuses = [api_client.post(url, {"code": f"GUESS{n}"}).status_code for n in range(3)]
    assert statuses == [400, 400, 429]
    quote = api_client.post(reverse("api:coupon-quote"), {"code": "X", "course": course.slug})
    assert quote.status_code == 429
    assert quote.json()["error"]["code"] == "too_many_attempts"


def _with_rate(monkeypatch, throttle, scope: str, rate: str) -> None:
    rates = {**throttle.THROTTLE_RATES, scope: rate}
    monkeypatch.setattr(throttle, "THROTTLE_RATES", rates)


def test_anonymous_api_requests_are_throttled(monkeypatch):
    from lms.api.throttles import AnonRateThrottle

    _with_rate(monkeypatch, AnonRateThrottle, "anon", "3/minute")
    client = APIClient(REMOTE_ADDR="198.51.100.43")
    statuses = [client.get("/api/v1/courses/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert client.get("/api/v1/courses/").json()["error"]["code"] == "throttled"
    assert APIClient(REMOTE_ADDR="198.51.100.44").get("/api/v1/courses/").status_code == 200


def test_sign_in_calls_are_throttled_per_address(monkeypatch):
    from lms.api.throttles import AuthAddressThrottle

    _with_rate(monkeypatch, AuthAddressThrottle, "auth", "2/minute")
    client = APIClient(REMOTE_ADDR="198.51.100.45")
    body = {"email": "nobody@example.com", "password": "wrong"}
    statuses = [client.post("/api/v1/auth/token", body).status_code for _ in range(3)]
    assert statuses == [401, 401, 429]
