"""The student app's leaderboard and "My points" pages."""

import pytest
from django.urls import reverse

from lms.accounts.tests.factories import StudentFactory
from lms.catalog.tests.factories import CourseFactory
from lms.gamification.models import BadgeAward
from lms.gamification.tests.factories import BadgeFactory, PointsEntryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, student):
    client.force_login(student)
    return client


def test_leaderboard_shows_the_top_and_me_with_neighbours(signed_in, student, settings):
    settings.LMS_LEADERBOARD_TOP = 3
    settings.LMS_LEADERBOARD_NEIGHBOURS = 1
    for points in (100, 90, 80, 70, 60):
        PointsEntryFactory(points=points)
    PointsEntryFactory(user=student, points=65)  # rank 5 of 6
    response = signed_in.get(reverse("student_pwa:leaderboard"))
    body = response.content.decode()
    assert response.status_code == 200 and "HX-Request" in response["Vary"]
    assert "You are #5 of 6 with 65 points." in body
    assert body.count("<tr") == 1 + 3 + 1 + 3  # head, top 3, gap, me with neighbours
    fragment = signed_in.get(reverse("student_pwa:leaderboard"), HTTP_HX_REQUEST="true")
    assert "<html" not in fragment.content.decode()


def test_leaderboard_refuses_a_course_not_studied(signed_in):
    response = signed_in.get(reverse("student_pwa:leaderboard"), {"course": CourseFactory().slug})
    assert response.status_code == 404


def test_my_points_shows_level_badges_and_adjustments(signed_in, student, admin_user):
    PointsEntryFactory(user=student, points=130, reason="Hackathon", created_by=admin_user)
    BadgeAward.objects.create(badge=BadgeFactory(name="Century"), user=student)
    PointsEntryFactory(user=StudentFactory(), reason="Not mine")
    body = signed_in.get(reverse("student_pwa:my_points")).content.decode()
    assert "Level 2" in body and "Hackathon" in body and "Century" in body
    assert "Not mine" not in body
