"""The console's people pages, driven through the admin's own URLs as an admin uses them."""

import pytest
from django.urls import reverse

from lms.accounts.models import CohortMembership, Role, User
from lms.accounts.tests.factories import CohortFactory, InstructorFactory, StudentFactory

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:accounts_user_changelist"


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def run_action(client, action: str, users, **extra):
    data = {"action": action, "_selected_action": [u.pk for u in users], "index": 0, **extra}
    return client.post(reverse(CHANGELIST), data)


def test_dashboard_shows_people_figures(admin_client):
    StudentFactory.create_batch(3)
    response = admin_client.get(reverse("admin:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="dashboard-cards"' in html
    assert "Active students" in html and "Published courses" in html and "Revenue" in html


def test_dashboard_costs_a_few_queries_whatever_the_data(
    admin_client, django_assert_max_num_queries
):
    from django.core.cache import cache

    StudentFactory.create_batch(30)
    cache.clear()
    # The figures' aggregates (admin_ext/tests/test_dashboard.py counts them at two sizes).
    with django_assert_max_num_queries(24):
        admin_client.get(reverse("admin:index"))


def test_users_page_searches_name_email_and_phone(admin_client):
    StudentFactory(full_name="Meera Iyer", email="meera@example.com", phone="+919812345678")
    StudentFactory(full_name="Someone Else")
    for term in ("Meera", "meera@example", "9812345678"):
        html = admin_client.get(reverse(CHANGELIST), {"q": term}).content.decode()
        assert "meera@example.com" in html and "Someone Else" not in html


def test_users_page_filters_by_role_group_active_and_verified(admin_client):
    cohort = CohortFactory()
    in_group = StudentFactory(email="grouped@example.com")
    CohortMembership.objects.create(cohort=cohort, user=in_group)
    StudentFactory(email="unverified@example.com", verified=False)
    InstructorFactory(email="teacher@example.com")
    StudentFactory(email="disabled@example.com", is_active=False)

    def emails(**params):
        html = admin_client.get(reverse(CHANGELIST), params).content.decode()
        return {
            e
            for e in ("grouped", "unverified", "teacher", "disabled")
            if f"{e}@example.com" in html
        }

    assert emails(role__exact="instructor") == {"teacher"}
    assert emails(cohorts__id__exact=cohort.pk) == {"grouped"}
    assert emails(is_active__exact="0") == {"disabled"}
    assert emails(verified="no") == {"unverified"}


def test_users_page_query_count_does_not_grow_with_users(
    admin_client, django_assert_max_num_queries
):
    StudentFactory.create_batch(5)
    with django_assert_max_num_queries(20) as few:
        admin_client.get(reverse(CHANGELIST))
    StudentFactory.create_batch(40)
    with django_assert_max_num_queries(len(few.captured_queries)):
        admin_client.get(reverse(CHANGELIST))


def test_disable_and_enable_actions(admin_client):
    users = StudentFactory.create_batch(2)
    run_action(admin_client, "disable_users", users)
    assert not User.objects.filter(pk__in=[u.pk for u in users], is_active=True).exists()
    run_action(admin_client, "enable_users", users)
    assert User.objects.filter(pk__in=[u.pk for u in users], is_active=True).count() == 2


def test_assign_to_group_asks_for_the_group_then_assigns(admin_client):
    cohort = CohortFactory(name="Batch July")
    users = StudentFactory.create_batch(2)
    form = run_action(admin_client, "assign_to_group", users)
    assert form.status_code == 200 and "Batch July" in form.content.decode()
    done = run_action(admin_client, "assign_to_group", users, apply="1", cohort=cohort.pk)
    assert done.status_code == 302
    assert CohortMembership.objects.filter(cohort=cohort).count() == 2


def test_change_role_action(admin_client):
    user = StudentFactory()
    run_action(admin_client, "change_role", [user], apply="1", role=Role.INSTRUCTOR)
    user.refresh_from_db()
    assert user.role == Role.INSTRUCTOR and user.is_staff


def test_admin_adds_a_user_whose_email_counts_as_verified(admin_client):
    password = "Blue-Pelican-2931"
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "added@example.com",
            "full_name": "Added",
            "role": "student",
            "password1": password,
            "password2": password,
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(email="added@example.com")
    assert user.emailaddress_set.get().verified


def test_groups_page_shows_members_inline(admin_client):
    cohort = CohortFactory()
    member = StudentFactory(email="member@example.com")
    CohortMembership.objects.create(cohort=cohort, user=member)
    html = admin_client.get(
        reverse("admin:accounts_cohort_change", args=[cohort.pk])
    ).content.decode()
    assert "member@example.com" in html or str(member.pk) in html


def test_instructor_cannot_manage_users(client):
    client.force_login(InstructorFactory())
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse(CHANGELIST)).status_code == 403
