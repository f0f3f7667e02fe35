"""The gamification API: leaderboard, my points / badges / level, adjustments."""

import pytest
from django.urls import reverse
from rest_framework_simplejwt.tokens import AccessToken

from lms.accounts.models import CohortMembership
from lms.accounts.tests.factories import CohortFactory, InstructorFactory, StudentFactory
from lms.catalog.tests.factories import CourseFactory
from lms.gamification.models import BadgeAward, PointsEntry
from lms.gamification.tests.factories import BadgeFactory, PointsEntryFactory
from lms.learning.tests.factories import EnrollmentFactory

pytestmark = pytest.mark.django_db


def bearer(api_client, user):
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(user)}")
    return api_client


def test_leaderboard_shape_ties_and_me(api_client, student):
    first, tied = StudentFactory(full_name="First"), StudentFactory()
    PointsEntryFactory(user=first, points=30)
    PointsEntryFactory(user=tied, points=20)
    PointsEntryFactory(user=student, points=20)
    body = bearer(api_client, student).get(reverse("api:leaderboard")).json()
    assert [(r["rank"], r["points"]) for r in body["results"]] == [(1, 30), (2, 20), (2, 20)]
    assert body["results"][0]["user"] == {"id": first.pk, "name": "First"}
    assert body["me"] == {"rank": 2, "points": 20}
    assert body["period"] == "all" and body["since"] is None


def test_leaderboard_without_points_and_with_filters(api_client, student):
    course = CourseFactory()
    EnrollmentFactory(user=student, course=course)
    PointsEntryFactory(points=5, course=course)
    client = bearer(api_client, student)
    body = client.get(reverse("api:leaderboard"), {"period": "week", "course": course.slug}).json()
    assert body["me"] == {"rank": None, "points": 0}
    assert len(body["results"]) == 1 and body["since"] is not None


def test_leaderboard_refuses_bad_period_and_foreign_scopes(api_client, student):
    client = bearer(api_client, student)
    assert client.get(reverse("api:leaderboard"), {"period": "year"}).status_code == 400
    foreign_course = CourseFactory()
    response = client.get(reverse("api:leaderboard"), {"course": foreign_course.slug})
    assert response.status_code == 404
    other_group = CohortFactory()
    assert client.get(reverse("api:leaderboard"), {"group": other_group.pk}).status_code == 404
    mine = CohortFactory()
    CohortMembership.objects.create(cohort=mine, user=student)
    assert client.get(reverse("api:leaderboard"), {"group": mine.pk}).status_code == 200


def test_leaderboard_needs_sign_in(api_client):
    assert api_client.get(reverse("api:leaderboard")).status_code == 401


def test_my_points_badges_and_level(api_client, student, django_assert_max_num_queries):
    for points in (100, 50):
        PointsEntryFactory(user=student, points=points)
    PointsEntryFactory(points=999)  # someone else's
    BadgeAward.objects.create(badge=BadgeFactory(name="Centurion"), user=student)
    client = bearer(api_client, student)
    with django_assert_max_num_queries(6):
        points = client.get(reverse("api:my-points")).json()
    assert points["count"] == 2 and {r["points"] for r in points["results"]} == {100, 50}
    badges = client.get(reverse("api:my-badges")).json()
    assert [b["name"] for b in badges["results"]] == ["Centurion"]
    level = client.get(reverse("api:my-level")).json()
    assert level == {
        "level": 2,
        "points": 150,
        "current_level_at": 120,
        "next_level_at": 276,
        "progress_percent": 19,
    }


def test_my_points_query_count_does_not_grow(api_client, student, django_assert_max_num_queries):
    course = CourseFactory()
    PointsEntryFactory.create_batch(3, user=student, course=course)
    client = bearer(api_client, student)
    with django_assert_max_num_queries(6):
        client.get(reverse("api:my-points"))
    PointsEntryFactory.create_batch(40, user=student, course=CourseFactory())
    with django_assert_max_num_queries(6):
        client.get(reverse("api:my-points"))


def test_admin_adjusts_points(api_client, admin_user, student):
    course = CourseFactory()
    response = bearer(api_client, admin_user).post(
        reverse("api:points-adjustment-create"),
        {"user_id": student.pk, "points": -15, "reason": "Copied homework", "course": course.slug},
        format="json",
    )
    assert response.status_code == 201, response.json()
    entry = PointsEntry.objects.get()
    assert (entry.points, entry.created_by, entry.course) == (-15, admin_user, course)
    assert response.json()["course"] == course.slug


def test_adjustment_needs_a_reason(api_client, admin_user, student):
    response = bearer(api_client, admin_user).post(
        reverse("api:points-adjustment-create"),
        {"user_id": student.pk, "points": 5, "reason": " "},
        format="json",
    )
    assert response.status_code == 400
    assert "reason" in response.json()["error"]["fields"]
    assert not PointsEntry.objects.exists()


@pytest.mark.parametrize("role", ["student", "instructor"])
def test_only_admins_adjust(api_client, student, role):
    by = StudentFactory() if role == "student" else InstructorFactory()
    response = bearer(api_client, by).post(
        reverse("api:points-adjustment-create"),
        {"user_id": student.pk, "points": 5, "reason": "Nice"},
        format="json",
    )
    assert response.status_code == 403
    assert not PointsEntry.objects.exists()


@pytest.mark.parametrize("people", [5, 60])
def test_leaderboard_query_count_does_not_grow(
    api_client, student, people, django_assert_max_num_queries
):
    for index in range(people):
        PointsEntryFactory(points=index + 1)
    PointsEntryFactory(user=student, points=0)  # last: shown with neighbours
    client = bearer(api_client, student)
    # Session-less JWT: the user, then the board with the names of the rows shown.
    with django_assert_max_num_queries(2):
        body = client.get(reverse("api:leaderboard")).json()
    assert body["me"]["rank"] == people + 1 and body["size"] == people + 1
