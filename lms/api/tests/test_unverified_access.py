"""An account whose email address is not verified yet reaches, through the API, what a
guest reaches and what verifying needs; everything else answers 403 `email_unverified`
(lms.api.authentication), by the web app's session and by a token alike."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from lms.accounts.models import User
from lms.accounts.tests.factories import PASSWORD, StudentFactory
from lms.api.tests.test_auth_flow import emailed_code, register
from lms.assignments.models import DailyEntry
from lms.catalog.tests.factories import CourseFactory

pytestmark = pytest.mark.django_db

SIGNED_IN_ONLY = [
    ("get", "api:me"),
    ("patch", "api:me"),
    ("get", "api:my-course-list"),
    ("get", "api:my-orders"),
    ("get", "api:my-daily-work"),
    ("get", "api:my-dashboard"),
]


def assert_told_to_verify(response) -> None:
    assert response.status_code == 403, response.content
    assert response.json()["error"]["code"] == "email_unverified"
    assert "Verify your email address" in response.json()["error"]["message"]
    assert "WWW-Authenticate" not in response  # not a sign-in problem


def test_an_unverified_session_is_a_guest_until_it_verifies(
    api_client, django_capture_on_commit_callbacks
):
    CourseFactory(title="Python basics")
    assert register(api_client, django_capture_on_commit_callbacks).status_code == 201
    person = User.objects.get(email="asha@example.com")
    api_client.force_login(person)  # the web app's session cookie

    for method, name in SIGNED_IN_ONLY:
        assert_told_to_verify(getattr(api_client, method)(reverse(name), {}, format="json"))
    today = reverse("api:daily-work-today")
    assert_told_to_verify(api_client.put(today, {"text": "Read chapter 1"}, format="json"))
    assert not DailyEntry.objects.exists()
    course = CourseFactory(title="Free course")
    assert_told_to_verify(api_client.post(reverse("api:course-enroll", args=[course.slug]), {}))
    assert not person.enrollments.exists()

    # The public catalog, as a guest sees it.
    as_person = api_client.get(reverse("api:course-list"))
    as_guest = APIClient().get(reverse("api:course-list"))
    assert as_person.status_code == 200 and as_person.json() == as_guest.json()

    # What verifying needs: a new email, then the code.
    with django_capture_on_commit_callbacks(execute=True):
        resent = api_client.post(
            reverse("api:auth-email-resend"), {"email": person.email}, format="json"
        )
    assert resent.status_code == 202
    code = emailed_code(mail.outbox[-1])
    verified = api_client.post(
        reverse("api:auth-email-verify"), {"email": person.email, "code": code}, format="json"
    )
    assert verified.status_code == 200, verified.json()

    # The same session, now verified: the person is signed in.
    me = api_client.get(reverse("api:me"))
    assert me.status_code == 200 and me.json()["email_verified"] is True
    assert api_client.put(today, {"text": "Read chapter 1"}, format="json").status_code == 201


def test_a_token_whose_address_is_no_longer_verified_is_refused(api_client):
    student = StudentFactory()
    tokens = api_client.post(
        reverse("api:auth-token"), {"email": student.email, "password": PASSWORD}, format="json"
    )
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens.json()['access']}")
    assert api_client.get(reverse("api:me")).status_code == 200

    EmailAddress.objects.filter(user=student).update(verified=False)
    for method, name in SIGNED_IN_ONLY:
        assert_told_to_verify(getattr(api_client, method)(reverse(name), {}, format="json"))
    assert api_client.get(reverse("api:course-list")).status_code == 200


def test_an_unverified_session_still_needs_the_csrf_token():
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(StudentFactory(verified=False))
    response = client.put(reverse("api:daily-work-today"), {"text": "x"}, format="json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"  # CSRF, checked first
    assert not DailyEntry.objects.exists()


def test_the_rule_costs_a_token_request_no_query(api_client):
    """The token path loads the person and whether their email is verified in one query,
    and the profile's `email_verified` reuses that answer: a request by token costs what a
    request whose person is handed over without authentication costs (that one loads no
    person but asks for the email)."""
    student = StudentFactory()
    url = reverse("api:me")
    api_client.force_authenticate(student)
    with CaptureQueriesContext(connection) as without_authentication:
        assert api_client.get(url).status_code == 200
    api_client.force_authenticate(None)
    tokens = api_client.post(
        reverse("api:auth-token"), {"email": student.email, "password": PASSWORD}, format="json"
    )
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens.json()['access']}")
    with CaptureQueriesContext(connection) as by_token:
        assert api_client.get(url).status_code == 200
    assert len(by_token) == len(without_authentication) == 1
    assert "account_emailaddress" in by_token[0]["sql"]  # the annotation, in the person's query


def test_a_session_asks_for_the_email_once(api_client):
    api_client.force_login(StudentFactory())
    with CaptureQueriesContext(connection) as queries:
        assert api_client.get(reverse("api:me")).status_code == 200
    assert sum("account_emailaddress" in query["sql"] for query in queries) == 1


@pytest.mark.parametrize("claim", ["abc", "0", str(2**64), "", "7.5"])
def test_a_signed_token_naming_nobody_is_refused(api_client, claim):
    """A token signed by us whose user id names nobody (a deleted person, a claim no id
    reads) is refused as simplejwt refuses it: 401, never an error."""
    from rest_framework_simplejwt.tokens import AccessToken

    token = AccessToken.for_user(StudentFactory())
    token["user_id"] = claim
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    response = api_client.get(reverse("api:me"))
    assert response.status_code == 401, response.content
