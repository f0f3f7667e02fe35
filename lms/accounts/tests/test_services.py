import pytest
from allauth.account.models import EmailAddress
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.middleware import SessionMiddleware
from django.core import mail
from django.test import RequestFactory

from lms.accounts import services
from lms.accounts.models import Cohort, CohortMembership, EmailVerificationCode, Role, User
from lms.accounts.tests.factories import AdminFactory, CohortFactory, StudentFactory
from lms.core.errors import ApplicationError

pytestmark = pytest.mark.django_db
STRONG = "Blue-Pelican-2931"


def http_request():
    request = RequestFactory().post("/")
    SessionMiddleware(lambda r: None).process_request(request)
    request.session.save()
    request._messages = FallbackStorage(request)
    return request


def test_register_creates_unverified_student_and_queues_email(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.user_register(
            email=" Asha@Example.COM ", password=STRONG, full_name="Asha", request=http_request()
        )
    user = User.objects.get(email="asha@example.com")
    assert user.role == Role.STUDENT and not user.is_staff
    assert EmailAddress.objects.get(user=user).verified is False
    assert len(mail.outbox) == 1
    assert EmailVerificationCode.objects.filter(email_address__user=user).exists()


def test_register_with_a_taken_email_creates_nothing_and_tells_the_owner(
    django_capture_on_commit_callbacks,
):
    StudentFactory(email="taken@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        services.user_register(
            email="TAKEN@example.com", password=STRONG, full_name="X", request=http_request()
        )
    assert User.objects.filter(email__iexact="taken@example.com").count() == 1
    assert [m.to for m in mail.outbox] == [["taken@example.com"]]
    assert "already" in mail.outbox[0].subject.lower() + mail.outbox[0].body.lower()


@pytest.mark.parametrize("password", ["short", "password123", "12345678901", "asha@example.com"])
def test_register_refuses_weak_password_and_creates_nothing(password):
    with pytest.raises(ApplicationError) as error:
        services.user_register(
            email="asha@example.com", password=password, full_name="Asha", request=http_request()
        )
    assert error.value.code == "weak_password"
    assert error.value.fields["password"]
    assert not User.objects.exists()


def test_wrong_codes_are_counted_and_the_code_dies_after_the_limit(settings):
    user = StudentFactory(verified=False)
    address = EmailAddress.objects.get(user=user)
    code = services.email_verification_code_issue(email_address=address)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(settings.LMS_EMAIL_CODE_MAX_ATTEMPTS):
        with pytest.raises(ApplicationError):
            services.email_verify_with_code(email=user.email, code=wrong, request=http_request())
    with pytest.raises(ApplicationError):
        services.email_verify_with_code(email=user.email, code=code, request=http_request())
    address.refresh_from_db()
    assert address.verified is False


def test_right_code_verifies_once():
    user = StudentFactory(verified=False)
    address = EmailAddress.objects.get(user=user)
    code = services.email_verification_code_issue(email_address=address)
    services.email_verify_with_code(email=user.email.upper(), code=code, request=http_request())
    address.refresh_from_db()
    assert address.verified is True
    with pytest.raises(ApplicationError):
        services.email_verify_with_code(email=user.email, code=code, request=http_request())


def test_role_decides_console_access():
    user = StudentFactory()
    assert not user.is_staff and not user.is_superuser
    services.users_change_role(user_ids=[user.pk], role=Role.INSTRUCTOR, acting_user=AdminFactory())
    user.refresh_from_db()
    assert user.is_staff and not user.is_superuser
    services.users_change_role(user_ids=[user.pk], role=Role.ADMIN, acting_user=AdminFactory())
    user.refresh_from_db()
    assert user.is_staff and user.is_superuser


def test_admin_cannot_disable_or_demote_themselves():
    admin = AdminFactory()
    other = StudentFactory()
    assert (
        services.users_set_active(user_ids=[admin.pk, other.pk], active=False, acting_user=admin)
        == 1
    )
    assert (
        services.users_change_role(user_ids=[admin.pk], role=Role.STUDENT, acting_user=admin) == 0
    )
    admin.refresh_from_db()
    assert admin.is_active and admin.role == Role.ADMIN


def test_cohort_add_members_skips_existing_members():
    cohort = CohortFactory()
    first, second = StudentFactory(), StudentFactory()
    assert services.cohort_add_members(cohort=cohort, user_ids=[first.pk]) == 1
    assert services.cohort_add_members(cohort=cohort, user_ids=[first.pk, second.pk]) == 1
    assert CohortMembership.objects.filter(cohort=cohort).count() == 2


def test_first_admin_link_works_once():
    token = services.first_admin_invitation_create()
    assert services.first_admin_invitation_valid(token=token)
    admin = services.first_admin_create(
        token=token, email="boss@example.com", full_name="Boss", password=STRONG
    )
    assert admin.role == Role.ADMIN and admin.is_superuser
    assert EmailAddress.objects.get(user=admin).verified
    assert not services.first_admin_invitation_valid(token=token)
    with pytest.raises(ApplicationError) as error:
        services.first_admin_create(
            token=token, email="again@example.com", full_name="Again", password=STRONG
        )
    assert error.value.status == 410
    assert User.objects.filter(role=Role.ADMIN).count() == 1


def test_first_admin_link_expires(settings):
    settings.LMS_FIRST_ADMIN_LINK_HOURS = 0
    token = services.first_admin_invitation_create()
    assert not services.first_admin_invitation_valid(token=token)


def test_first_admin_weak_password_keeps_the_link_usable():
    token = services.first_admin_invitation_create()
    with pytest.raises(ApplicationError):
        services.first_admin_create(
            token=token, email="boss@example.com", full_name="Boss", password="123"
        )
    assert services.first_admin_invitation_valid(token=token)
    assert not User.objects.exists()


def test_profile_update_validates_timezone_and_refuses_unknown_fields():
    user = StudentFactory()
    with pytest.raises(ApplicationError) as error:
        services.user_profile_update(user=user, timezone="Mars/Olympus")
    assert "timezone" in error.value.fields
    with pytest.raises(ApplicationError):
        services.user_profile_update(user=user, role=Role.ADMIN)
    services.user_profile_update(user=user, timezone="Europe/Berlin", skills=["python", "sql"])
    user.refresh_from_db()
    assert user.timezone == "Europe/Berlin" and user.skills == ["python", "sql"]


def test_people_summary_counts_each_person_once_whatever_their_email_addresses():
    from lms.accounts.selectors import people_summary_get

    student = StudentFactory()
    EmailAddress.objects.create(user=student, email="second@example.com", verified=True)
    summary = people_summary_get()
    assert summary["users"] == 1
    assert summary["joined_last_7_days"] == 1
    assert summary["verified_students"] == 1


def test_user_active_set_revokes_app_sign_ins_and_refuses_yourself():
    from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken
    from rest_framework_simplejwt.tokens import RefreshToken

    admin, student = AdminFactory(), StudentFactory()
    token = RefreshToken.for_user(student)
    services.user_active_set(user=student, active=False, acting_user=admin)
    assert BlacklistedToken.objects.filter(token__jti=token["jti"]).exists()
    with pytest.raises(ApplicationError) as refused:
        services.user_active_set(user=admin, active=False, acting_user=admin)
    assert refused.value.fields == {"is_active": ["You cannot disable your own account."]}


def test_user_role_set_refuses_taking_your_own_admin_role():
    admin = AdminFactory()
    with pytest.raises(ApplicationError) as refused:
        services.user_role_set(user=admin, role=Role.INSTRUCTOR, acting_user=admin)
    assert refused.value.code == "not_yourself"
    other = AdminFactory()
    services.user_role_set(user=other, role=Role.STUDENT, acting_user=admin)
    other.refresh_from_db()
    assert other.role == Role.STUDENT and not other.is_staff and not other.is_superuser


def test_cohort_save_refuses_a_name_taken_in_another_case():
    from lms.accounts.models import Cohort
    from lms.core.errors import ConflictError

    CohortFactory(name="Batch July")
    with pytest.raises(ConflictError):
        services.cohort_save(cohort=Cohort(name=" BATCH JULY "))
    assert services.cohort_save(cohort=Cohort(name=" Batch August ")).name == "Batch August"


# --- Admin writes on other people's accounts ------------------------------------------------


def test_an_admin_corrected_email_becomes_the_verified_primary_address():
    student = StudentFactory(email="old@example.com")
    services.user_email_set(user=student, email=" New@Example.com", acting_user=AdminFactory())
    addresses = dict(EmailAddress.objects.filter(user=student).values_list("email", "primary"))
    assert addresses == {"old@example.com": False, "new@example.com": True}
    assert EmailAddress.objects.get(email="new@example.com").verified
    student.refresh_from_db()
    assert student.email == "new@example.com"


def test_deleting_a_group_keeps_its_people():
    cohort = CohortFactory()
    member = StudentFactory()
    CohortMembership.objects.create(cohort=cohort, user=member)
    assert services.cohort_delete(cohort=cohort) == 1
    assert not Cohort.objects.exists()
    member.refresh_from_db()
    assert member.is_active
