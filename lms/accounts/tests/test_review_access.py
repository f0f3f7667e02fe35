"""Accounts, as a reviewer probes them: what a person may change about themselves, tokens of
disabled or deleted accounts, the verification code's attempt limit, and every console
page of people and sign-in that an instructor must be refused."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.urls import reverse
from rest_framework_simplejwt.tokens import RefreshToken

from lms.accounts.models import Cohort, Role, User
from lms.accounts.services import email_verification_code_issue
from lms.accounts.tests.factories import PASSWORD, InstructorFactory, StudentFactory

pytestmark = pytest.mark.django_db


def test_me_patch_cannot_change_role_email_or_staff(api_client, student):
    api_client.force_authenticate(student)
    response = api_client.patch(
        "/api/v1/me",
        {
            "role": "admin",
            "email": "new@example.com",
            "is_staff": True,
            "is_superuser": True,
            "is_active": False,
            "full_name": "Still Me",
        },
        format="json",
    )
    assert response.status_code in (200, 400)
    student.refresh_from_db()
    assert student.role == Role.STUDENT
    assert not student.is_staff and not student.is_superuser and student.is_active
    assert student.email != "new@example.com"


def test_onboarding_cannot_change_role(client):
    user = StudentFactory(pending_onboarding=True)
    client.force_login(user)
    client.post(
        reverse("student_pwa:onboarding"),
        {
            "domain": "CS",
            "branch": "IT",
            "year": 2,
            "college": "X",
            "role": "admin",
            "is_staff": "on",
        },
    )
    user.refresh_from_db()
    assert user.role == Role.STUDENT and not user.is_staff


def test_refresh_token_of_a_disabled_account_is_refused(api_client, student):
    refresh = str(RefreshToken.for_user(student))
    User.objects.filter(pk=student.pk).update(is_active=False)
    response = api_client.post("/api/v1/auth/token/refresh", {"refresh": refresh}, format="json")
    assert response.status_code == 401
    assert set(response.json()) == {"error"}


def test_refresh_token_of_a_deleted_account_is_refused(api_client):
    user = StudentFactory()
    refresh = str(RefreshToken.for_user(user))
    user.delete()
    response = api_client.post("/api/v1/auth/token/refresh", {"refresh": refresh}, format="json")
    assert response.status_code == 401
    assert set(response.json()) == {"error"}


def test_disabled_account_cannot_obtain_tokens(api_client, student):
    User.objects.filter(pk=student.pk).update(is_active=False)
    response = api_client.post(
        "/api/v1/auth/token", {"email": student.email, "password": PASSWORD}, format="json"
    )
    assert response.status_code in (401, 403)
    assert "access" not in response.json()


def test_verification_code_dies_after_the_attempt_limit(api_client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "auth": "1000/minute",
        },
    }
    user = StudentFactory(verified=False)
    address = EmailAddress.objects.get(user=user)
    code = email_verification_code_issue(email_address=address)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _attempt in range(settings.LMS_EMAIL_CODE_MAX_ATTEMPTS):
        response = api_client.post(
            "/api/v1/auth/email/verify", {"email": user.email, "code": wrong}, format="json"
        )
        assert response.status_code == 400
    response = api_client.post(
        "/api/v1/auth/email/verify", {"email": user.email, "code": code}, format="json"
    )
    assert response.status_code == 400
    address.refresh_from_db()
    assert not address.verified


def _console_urls(user: User, cohort: Cohort, group: Group | None) -> list[str]:
    urls = [
        reverse("admin:accounts_user_changelist"),
        reverse("admin:accounts_user_add"),
        reverse("admin:accounts_user_change", args=[user.pk]),
        reverse("admin:accounts_user_delete", args=[user.pk]),
        reverse("admin:accounts_user_history", args=[user.pk]),
        reverse("admin:accounts_cohort_changelist"),
        reverse("admin:accounts_cohort_add"),
        reverse("admin:accounts_cohort_change", args=[cohort.pk]),
        reverse("admin:accounts_cohort_delete", args=[cohort.pk]),
        reverse("admin:account_emailaddress_changelist"),
        reverse("admin:socialaccount_socialapp_changelist"),
        reverse("admin:axes_accessattempt_changelist"),
        reverse("admin:learning_enrollment_changelist"),
        reverse("admin:learning_enrollment_add"),
        reverse("admin:learning_taskcompletion_changelist"),
        reverse("admin:learning_lessonprogress_changelist"),
        reverse("admin:catalog_instructorapplication_changelist"),
        reverse("admin:core_sitecontent_changelist"),
        reverse("admin:core_sitecontent_add"),
        "/admin/autocomplete/?app_label=accounts&model_name=cohortmembership&field_name=user",
        "/admin/autocomplete/?app_label=learning&model_name=enrollment&field_name=user",
    ]
    if group is not None:
        urls.append(reverse("admin:auth_group_changelist"))
    return urls


def test_instructor_is_refused_every_people_and_sign_in_page(client):
    from django.contrib import admin

    instructor = InstructorFactory()
    target = StudentFactory()
    cohort = Cohort.objects.create(name="Batch")
    group = Group.objects.create(name="g") if admin.site.is_registered(Group) else None
    client.force_login(instructor)
    for url in _console_urls(target, cohort, group):
        response = client.get(url)
        assert response.status_code in (403, 404), (url, response.status_code)


@pytest.mark.parametrize("action", ["disable_users", "enable_users", "change_role"])
def test_instructor_cannot_run_user_actions(client, action):
    instructor = InstructorFactory()
    target = StudentFactory()
    client.force_login(instructor)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {
            "action": action,
            "_selected_action": [target.pk, instructor.pk],
            "role": "admin",
            "apply": "1",
            "post": "yes",
        },
    )
    assert response.status_code == 403
    instructor.refresh_from_db()
    target.refresh_from_db()
    assert instructor.role == Role.INSTRUCTOR and target.role == Role.STUDENT and target.is_active


def test_instructor_cannot_post_user_change(client):
    instructor = InstructorFactory()
    client.force_login(instructor)
    response = client.post(
        reverse("admin:accounts_user_change", args=[instructor.pk]),
        {"email": instructor.email, "full_name": "x", "role": "admin", "is_active": "on"},
    )
    assert response.status_code == 403
    instructor.refresh_from_db()
    assert instructor.role == Role.INSTRUCTOR


def test_me_never_answers_the_private_address_of_the_resume(api_client, student):
    from django.core.files.uploadedfile import SimpleUploadedFile

    api_client.force_authenticate(student)
    cv = SimpleUploadedFile("cv.pdf", b"%PDF-1.4\n%...", content_type="application/pdf")
    response = api_client.patch("/api/v1/me", {"resume": cv}, format="multipart")
    assert response.status_code == 200
    student.refresh_from_db()
    assert student.resume.name.startswith("private/")
    for body in (response.content, api_client.get("/api/v1/me").content):
        assert b"/private/" not in body and student.resume.url.encode() not in body
    assert api_client.get("/api/v1/me").json()["resume"] == "resume.pdf"
    assert "cv" not in student.resume.name  # stored under a generated name


def test_console_links_a_resume_through_an_admin_only_view(client, admin_user):
    from django.core.files.base import ContentFile

    person = StudentFactory()
    person.resume.save("cv.pdf", ContentFile(b"%PDF-1.4 cv"), save=True)
    client.force_login(admin_user)
    html = client.get(reverse("admin:accounts_user_change", args=[person.pk])).content.decode()
    assert person.resume.url not in html and "/media/private/" not in html
    url = reverse("admin:accounts_user_resume", args=[person.pk])
    assert url in html
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 cv"
    client.force_login(InstructorFactory())
    assert client.get(url).status_code == 403
    client.force_login(person)
    assert client.get(url).status_code == 302  # students are sent to the console login
