"""The PWA's profile and account pages: profile, sign out everywhere, delete my account,
the six-digit code on the web, and a second click on a used confirmation link."""

import io

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from lms.accounts import services
from lms.accounts.models import Role, User
from lms.accounts.tests.factories import PASSWORD, AdminFactory, CohortFactory, StudentFactory
from lms.commerce.models import Order
from lms.commerce.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, student):
    client.force_login(student)
    return client


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, "PNG")
    return SimpleUploadedFile("me.png", buffer.getvalue(), content_type="image/png")


def test_profile_saves_details_education_skills_and_photo(signed_in, student):
    page = signed_in.get(reverse("student_pwa:profile"))
    assert page.status_code == 200
    assert b'enctype="multipart/form-data"' in page.content
    assert reverse("account_change_password").encode() in page.content
    response = signed_in.post(
        reverse("student_pwa:profile"),
        {
            "full_name": "Asha Verma",
            "phone": "+91 98765 43210",
            "preferred_language": "hi",
            "timezone": "Europe/London",
            "college": "IIT Delhi",
            "branch": "CSE",
            "year": "3",
            "domain": "Data science",
            "skills": "Python, SQL, python, ",
            "photo": png(),
        },
    )
    assert response.status_code == 302
    student.refresh_from_db()
    assert (student.full_name, student.phone, student.preferred_language) == (
        "Asha Verma",
        "+91 98765 43210",
        "hi",
    )
    assert (student.timezone, student.college, student.year) == ("Europe/London", "IIT Delhi", 3)
    assert student.skills == ["Python", "SQL", "python"]
    assert student.photo.name.startswith(f"public/avatars/{student.pk}/")


def test_profile_refuses_a_bad_phone_and_keeps_the_rest(signed_in, student):
    response = signed_in.post(
        reverse("student_pwa:profile"),
        {
            "full_name": "Changed",
            "phone": "12",
            "preferred_language": "en",
            "timezone": "Asia/Kolkata",
        },
    )
    assert response.status_code == 200
    assert "Enter a phone number" in response.content.decode()
    student.refresh_from_db()
    assert student.full_name != "Changed"


def test_account_pages_need_a_sign_in_and_declare_their_methods(client, signed_in):
    pages = ["profile", "sign_out_everywhere", "account_delete"]
    for name in pages:
        url = reverse(f"student_pwa:{name}")
        assert signed_in.put(url).status_code == 405
    client.logout()
    for name in pages:
        response = client.get(reverse(f"student_pwa:{name}"))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_sign_out_everywhere_revokes_app_tokens(signed_in, student, api_client):
    token = api_client.post(
        "/api/v1/auth/token", {"email": student.email, "password": PASSWORD}, format="json"
    ).json()["refresh"]
    page = signed_in.get(reverse("student_pwa:sign_out_everywhere"))  # a GET only asks
    assert b"sign-out-everywhere" in page.content
    assert api_client.post("/api/v1/auth/token/refresh", {"refresh": token}).status_code == 200
    response = signed_in.post(reverse("student_pwa:sign_out_everywhere"))
    assert response["Location"] == reverse("account_login")
    assert api_client.post("/api/v1/auth/token/refresh", {"refresh": token}).status_code == 401
    assert signed_in.get(reverse("student_pwa:profile")).status_code == 302


def test_sign_out_everywhere_ends_other_browser_sessions(student):
    from django.test import Client

    browsers = [Client(), Client()]
    for browser in browsers:
        response = browser.post(
            reverse("account_login"), {"login": student.email, "password": PASSWORD}
        )
        assert response.status_code == 302
        assert browser.get(reverse("student_pwa:profile")).status_code == 200
    browsers[0].post(reverse("student_pwa:sign_out_everywhere"))
    for browser in browsers:
        response = browser.get(reverse("student_pwa:profile"))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_delete_asks_for_the_password_then_deletes(signed_in, student):
    page = signed_in.get(reverse("student_pwa:account_delete")).content.decode()
    assert "What the academy keeps" in page
    wrong = signed_in.post(reverse("student_pwa:account_delete"), {"password": "nope"})
    assert wrong.status_code == 200 and "That is not your password." in wrong.content.decode()
    assert User.objects.filter(pk=student.pk).exists()
    response = signed_in.post(reverse("student_pwa:account_delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=student.pk).exists()
    assert not EmailAddress.objects.filter(email=student.email).exists()


def test_delete_keeps_orders_on_an_anonymous_closed_account(signed_in, student):
    order = OrderFactory(user=student)
    CohortFactory().memberships.create(user=student)
    signed_in.post(reverse("student_pwa:account_delete"), {"password": PASSWORD})
    order = Order.objects.get(pk=order.pk)
    former = order.user
    assert former.pk == student.pk
    assert former.email == f"deleted-{student.pk}@deleted.invalid"
    assert (former.full_name, former.phone, former.is_active) == ("", "", False)
    assert not former.has_usable_password()
    assert not former.cohort_memberships.exists()
    assert not EmailAddress.objects.filter(user=former).exists()


def test_the_only_admin_cannot_delete_their_account(client):
    admin = AdminFactory()
    client.force_login(admin)
    response = client.post(reverse("student_pwa:account_delete"), {"password": PASSWORD})
    assert "only admin" in response.content.decode()
    assert User.objects.get(pk=admin.pk).role == Role.ADMIN


def test_the_six_digit_code_verifies_on_the_web(client):
    person = StudentFactory(verified=False)
    address = EmailAddress.objects.get(user=person)
    code = services.email_verification_code_issue(email_address=address)
    url = reverse("student_pwa:email_verify_code")
    assert client.get(url).status_code == 200
    wrong = client.post(
        url, {"email": person.email, "code": "000000" if code != "000000" else "111111"}
    )
    assert "This code is wrong or has expired." in wrong.content.decode()
    response = client.post(url, {"email": person.email, "code": code})
    assert response["Location"] == reverse("account_login")
    address.refresh_from_db()
    assert address.verified


def test_check_your_email_page_offers_the_code(client):
    page = client.get(reverse("account_email_verification_sent"))
    assert reverse("student_pwa:email_verify_code").encode() in page.content


def test_a_second_click_on_a_used_link_says_already_confirmed(client):
    person = StudentFactory(verified=False)
    key = EmailConfirmationHMAC(EmailAddress.objects.get(user=person)).key
    url = reverse("account_confirm_email", args=[key])
    assert client.post(url).status_code == 302
    assert EmailAddress.objects.get(user=person).verified
    for again in (client.get(url), client.post(url)):
        html = again.content.decode()
        assert 'data-testid="already-confirmed"' in html
        assert "expired" not in html
    broken = client.get(reverse("account_confirm_email", args=["not-a-key"])).content.decode()
    assert "expired or is not valid" in broken
