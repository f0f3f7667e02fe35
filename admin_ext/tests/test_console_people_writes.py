"""Console user creation, profile edits and deletes go through the accounts services, so
their rules hold in the console: each test posts the admin's own pages as an admin does."""

from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from lms.accounts import services
from lms.accounts.models import Cohort, CohortMembership, Role, User
from lms.accounts.tests.factories import (
    AdminFactory,
    CohortFactory,
    InstructorFactory,
    StudentFactory,
)
from lms.commerce.tests.factories import OrderFactory
from lms.core.errors import ApplicationError, PermissionDeniedError

pytestmark = pytest.mark.django_db

STRONG = "Correct-Horse-Battery-42"


@pytest.fixture
def admin(client):
    person = AdminFactory()
    client.force_login(person)
    return person


def _spy(name: str):
    return mock.patch(f"lms.accounts.services.{name}", wraps=getattr(services, name))


def _messages(response) -> str:
    return " ".join(str(message) for message in response.context["messages"])


# --- Creating an account --------------------------------------------------------------------


def _new_user_form(**overrides):
    data = {
        "email": "new.person@example.com",
        "full_name": "New Person",
        "role": Role.INSTRUCTOR,
        "password1": STRONG,
        "password2": STRONG,
        "_save": "Save",
    }
    data.update(overrides)
    return data


def test_console_user_is_created_by_user_create_with_a_verified_address(client, admin):
    with _spy("user_create") as create:
        response = client.post(
            reverse("admin:accounts_user_add"), _new_user_form(email=" New.Person@Example.COM ")
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    create.assert_called_once()
    user = User.objects.get(email="new.person@example.com")
    assert user.role == Role.INSTRUCTOR and user.is_staff and user.check_password(STRONG)
    assert EmailAddress.objects.filter(user=user, verified=True, primary=True).exists()


def test_console_user_creation_refuses_an_address_taken_in_another_case(client, admin):
    StudentFactory(email="taken@example.com")
    response = client.post(
        reverse("admin:accounts_user_add"), _new_user_form(email="TAKEN@example.com")
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert User.objects.filter(email__iexact="taken@example.com").count() == 1


def test_the_service_refuses_what_the_sign_up_refuses(admin):
    """The password rule is the sign-up's (the same validators), in the service itself."""
    with pytest.raises(ApplicationError) as caught:
        services.user_create(
            email="x@example.com",
            full_name="X",
            role=Role.STUDENT,
            password="123",
            acting_user=admin,
        )
    assert "stronger password" in str(caught.value.message)
    assert not User.objects.filter(email="x@example.com").exists()


def test_the_service_refuses_an_address_taken_in_another_case(admin):
    StudentFactory(email="taken@example.com")
    with pytest.raises(ApplicationError, match="already exists"):
        services.user_create(
            email=" Taken@Example.com",
            full_name="T",
            role=Role.STUDENT,
            password=STRONG,
            acting_user=admin,
        )


def test_only_admins_create_accounts(admin):
    instructor = InstructorFactory()
    with pytest.raises(PermissionDeniedError, match="Only admins"):
        services.user_create(
            email="y@example.com",
            full_name="Y",
            role=Role.STUDENT,
            password=STRONG,
            acting_user=instructor,
        )


# --- Profile and email ----------------------------------------------------------------------


def _user_form(user: User, **overrides):
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "role": user.role,
        "is_active": "on",
        "phone": user.phone,
        "college": user.college,
        "domain": user.domain,
        "branch": user.branch,
        "year": user.year or "",
        "skills": "[]",
        "timezone": user.timezone,
        "preferred_language": user.preferred_language,
        "cohort_memberships-TOTAL_FORMS": "0",
        "cohort_memberships-INITIAL_FORMS": "0",
        "cohort_memberships-MIN_NUM_FORMS": "0",
        "cohort_memberships-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    data.update(overrides)
    return data


def test_profile_fields_are_saved_by_user_profile_update_with_only_what_changed(client, admin):
    student = StudentFactory(college="Old College")
    with _spy("user_profile_update") as update, _spy("user_email_set") as email_set:
        response = client.post(
            reverse("admin:accounts_user_change", args=[student.pk]),
            _user_form(student, college="IIT Delhi", year="3"),
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    changes = update.call_args.kwargs
    assert changes["college"] == "IIT Delhi" and changes["year"] == 3
    assert not {"email", "role", "is_active", "full_name"} & set(changes)
    email_set.assert_not_called()
    student.refresh_from_db()
    assert student.college == "IIT Delhi" and student.year == 3


def test_email_corrected_in_the_console_is_normalized_verified_and_primary(client, admin):
    student = StudentFactory(email="old@example.com")
    EmailAddress.objects.filter(user=student).update(verified=False)
    response = client.post(
        reverse("admin:accounts_user_change", args=[student.pk]),
        _user_form(student, email="New@Example.com"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    student.refresh_from_db()
    assert student.email == "new@example.com"
    primary = EmailAddress.objects.get(user=student, primary=True)
    assert primary.email == "new@example.com" and primary.verified


def test_email_taken_by_someone_else_is_refused_on_the_form(client, admin):
    StudentFactory(email="someone@example.com")
    student = StudentFactory(email="mine@example.com")
    response = client.post(
        reverse("admin:accounts_user_change", args=[student.pk]),
        _user_form(student, email="SOMEONE@example.com", college="Changed"),
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    student.refresh_from_db()
    assert student.email == "mine@example.com" and student.college != "Changed"


def test_groups_joined_on_the_person_page_go_through_cohort_add_members(client, admin):
    student = StudentFactory()
    cohort = CohortFactory()
    rows = {
        "cohort_memberships-TOTAL_FORMS": "1",
        "cohort_memberships-0-user": str(student.pk),
        "cohort_memberships-0-cohort": str(cohort.pk),
    }
    with _spy("cohort_add_members") as add:
        response = client.post(
            reverse("admin:accounts_user_change", args=[student.pk]), _user_form(student, **rows)
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert add.call_args.kwargs == {"cohort": cohort, "user_ids": [student.pk]}
    assert CohortMembership.objects.filter(cohort=cohort, user=student).exists()


# --- Deleting people ------------------------------------------------------------------------


def _delete(client, user: User):
    return client.post(
        reverse("admin:accounts_user_delete", args=[user.pk]), {"post": "yes"}, follow=True
    )


def test_a_person_without_orders_is_deleted_by_user_delete(client, admin):
    student = StudentFactory()
    with _spy("user_delete") as delete:
        _delete(client, student)
    delete.assert_called_once()
    assert not User.objects.filter(pk=student.pk).exists()


def test_a_person_with_orders_is_anonymized_and_the_page_says_so_first(client, admin):
    order = OrderFactory()
    student = order.user
    CohortMembership.objects.create(cohort=CohortFactory(), user=student)
    page = client.get(reverse("admin:accounts_user_delete", args=[student.pk])).content.decode()
    assert "will be anonymized and disabled, not deleted" in page
    response = _delete(client, student)
    assert "anonymized and disabled instead of deleted" in _messages(response)
    student.refresh_from_db()
    assert not student.is_active and student.full_name == "" and "deleted" in student.email
    assert not student.has_usable_password()
    assert not CohortMembership.objects.filter(user=student).exists()
    order.refresh_from_db()
    assert order.user_id == student.pk  # the academy's record stays


def test_an_admin_cannot_delete_themselves_in_the_console(client, admin):
    response = _delete(client, admin)
    assert "You cannot delete your own account here" in _messages(response)
    assert User.objects.filter(pk=admin.pk, is_active=True).exists()


def test_delete_selected_is_all_or_none_through_users_delete(client, admin):
    student = StudentFactory()
    url = reverse("admin:accounts_user_changelist")
    chosen = {"action": "delete_selected", "_selected_action": [student.pk, admin.pk]}
    response = client.post(url, {**chosen, "post": "yes"}, follow=True)
    assert "You cannot delete your own account here" in _messages(response)
    assert User.objects.filter(pk__in=[student.pk, admin.pk]).count() == 2
    with _spy("users_delete") as delete:
        client.post(url, {**chosen, "_selected_action": [student.pk], "post": "yes"})
    delete.assert_called_once()
    assert not User.objects.filter(pk=student.pk).exists()


# --- Deleting groups ------------------------------------------------------------------------


def test_a_group_is_deleted_by_cohort_delete_and_its_people_stay(client, admin):
    cohort = CohortFactory()
    member = StudentFactory()
    CohortMembership.objects.create(cohort=cohort, user=member)
    with _spy("cohort_delete") as delete:
        client.post(reverse("admin:accounts_cohort_delete", args=[cohort.pk]), {"post": "yes"})
    delete.assert_called_once()
    assert not Cohort.objects.filter(pk=cohort.pk).exists()
    assert User.objects.filter(pk=member.pk).exists()


def test_delete_selected_groups_goes_through_cohorts_delete(client, admin):
    first, second = CohortFactory.create_batch(2)
    with _spy("cohorts_delete") as delete:
        client.post(
            reverse("admin:accounts_cohort_changelist"),
            {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"},
        )
    assert sorted(delete.call_args.kwargs["cohort_ids"]) == sorted([first.pk, second.pk])
    assert not Cohort.objects.exists()
