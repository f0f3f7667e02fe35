"""Sign-in through the student app's pages (django-allauth), as a person uses them."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from lms.accounts.models import User
from lms.accounts.tests.factories import PASSWORD, AdminFactory, InstructorFactory, StudentFactory

pytestmark = pytest.mark.django_db
STRONG = "Blue-Pelican-2931"


def signup(client, capture, email="ravi@example.com"):
    with capture(execute=True):
        return client.post(
            reverse("account_signup"),
            {"full_name": "Ravi Kumar", "email": email, "password1": STRONG, "password2": STRONG},
        )


def test_register_verify_by_link_onboard_and_land_in_the_app(
    client, django_capture_on_commit_callbacks
):
    response = signup(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert User.objects.get(email="ravi@example.com").full_name == "Ravi Kumar"
    # Not verified yet: the app is closed.
    assert client.get("/app/").status_code == 302

    link = re.search(r"https?://[^\s]+/accounts/confirm-email/[^\s]+/", mail.outbox[0].body).group(
        0
    )
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + path).status_code == 200
    confirmed = client.post("/" + path)
    assert confirmed.status_code == 302
    assert confirmed["Location"] == reverse("student_pwa:onboarding")

    onboarded = client.post(
        reverse("student_pwa:onboarding"),
        {"college": "IIT Delhi", "domain": "Data science", "branch": "CSE", "year": 2, "phone": ""},
    )
    assert onboarded.status_code == 302 and onboarded["Location"] == reverse("student_pwa:home")
    home = client.get("/app/")
    assert home.status_code == 200
    assert "Ravi" in home.content.decode()


def test_unverified_student_cannot_log_in_to_the_app(client):
    StudentFactory(email="new@example.com", verified=False)
    response = client.post(
        reverse("account_login"), {"login": "new@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert client.get("/app/").status_code == 302


def test_unverified_session_is_refused_by_the_app(client):
    client.force_login(StudentFactory(verified=False))
    response = client.get("/app/")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")


@pytest.mark.parametrize(
    ("factory", "landing"),
    [(AdminFactory, "/admin/"), (InstructorFactory, "/admin/"), (StudentFactory, "/app/")],
)
def test_login_lands_by_role(client, factory, landing):
    user = factory()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == landing


def test_first_login_of_a_student_without_profile_goes_to_onboarding(client):
    user = StudentFactory(pending_onboarding=True)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response["Location"] == reverse("student_pwa:onboarding")
    assert client.get("/app/")["Location"] == reverse("student_pwa:onboarding")


def test_onboarding_requires_the_missing_fields(client):
    client.force_login(StudentFactory(pending_onboarding=True))
    response = client.post(
        reverse("student_pwa:onboarding"), {"college": "", "domain": "", "branch": "", "year": ""}
    )
    assert response.status_code == 200
    assert b"This field is required" in response.content


def test_repeated_failed_logins_lock_out_with_a_clear_message(client, settings):
    user = StudentFactory()
    for _ in range(settings.LMS_SIGNIN_FAILURES_PER_ACCOUNT):
        response = client.post(
            reverse("account_login"), {"login": user.email, "password": "wrong-password"}
        )
        assert response.status_code == 200
    locked = client.post(
        reverse("account_login"), {"login": user.email, "password": "wrong-password"}
    )
    assert locked.status_code == 429
    assert "Too many failed login attempts" in locked.content.decode()
    # Even the right password is refused while locked.
    again = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert again.status_code == 429


def test_anonymous_is_sent_to_login_from_the_app(client):
    response = client.get("/app/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_student_is_refused_by_the_admin_console(client):
    client.force_login(StudentFactory())
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 302


def test_password_reset_by_email_link(client, django_capture_on_commit_callbacks):
    user = StudentFactory(email="forgot@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "forgot@example.com"})
    link = re.search(
        r"https?://[^\s]+/accounts/password/reset/key/[^\s]+/", mail.outbox[0].body
    ).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    new = "Green-Falcon-7713"
    done = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else path,
        {"password1": new, "password2": new},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)


def test_first_admin_page_creates_admin_once(client):
    from lms.accounts.services import first_admin_invitation_create

    token = first_admin_invitation_create()
    url = reverse("student_pwa:first_admin_setup", args=[token])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "full_name": "Boss",
            "email": "boss@example.com",
            "password1": STRONG,
            "password2": STRONG,
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200
    client.logout()
    assert client.get(url).status_code == 410
    second = client.post(
        url, {"full_name": "X", "email": "x@example.com", "password1": STRONG, "password2": STRONG}
    )
    assert second.status_code == 410
    assert User.objects.filter(is_superuser=True).count() == 1


def test_first_admin_link_command_prints_a_link_only_when_needed(capsys):
    from django.core.management import call_command

    call_command("first_admin_link")
    assert "/setup/first-admin/" in capsys.readouterr().out
    AdminFactory()
    call_command("first_admin_link")
    assert "/setup/first-admin/" not in capsys.readouterr().out


def test_createsuperuser_noinput_makes_an_admin(monkeypatch):
    from django.core.management import call_command

    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "root@example.com")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", STRONG)
    call_command("createsuperuser", "--noinput")
    user = User.objects.get(email="root@example.com")
    assert user.role == "admin" and user.is_superuser and user.is_staff
    assert user.check_password(STRONG)


def test_console_login_without_next_lands_admins_in_the_console(client):
    admin = AdminFactory()
    response = client.post(
        "/admin/login/", {"username": admin.email, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/admin/"


def test_web_sign_up_with_a_taken_email_looks_the_same_and_tells_the_owner(
    client, django_capture_on_commit_callbacks
):
    StudentFactory(email="taken@example.com")
    taken = signup(client, django_capture_on_commit_callbacks, email="taken@example.com")
    fresh = signup(Client(), django_capture_on_commit_callbacks, email="fresh@example.com")
    assert (taken.status_code, taken["Location"]) == (fresh.status_code, fresh["Location"])
    assert User.objects.filter(email="taken@example.com").count() == 1
    to_owner = next(m for m in mail.outbox if m.to == ["taken@example.com"])
    assert "already" in (to_owner.subject + to_owner.body).lower()
