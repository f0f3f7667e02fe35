"""The dashboard's panels from the later contexts: rank, points, level and badges
(gamification), the newest notifications (notifications) and certificates, each the
signed-in person's own, with empty states for a new student."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lms.accounts.tests.factories import StudentFactory
from lms.certificates.models import Certificate
from lms.certificates.tests.factories import completed_enrollment
from lms.dashboard.selectors import student_dashboard_get
from lms.gamification.models import BadgeAward
from lms.gamification.tests.factories import BadgeFactory, PointsEntryFactory
from lms.notifications.tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def student():
    return StudentFactory(full_name="Asha Rao")


def certificate_of(user, *, title: str, revoked: bool = False) -> Certificate:
    enrollment = completed_enrollment(user=user)
    return Certificate.objects.create(
        enrollment=enrollment,
        user=user,
        course=enrollment.course,
        recipient_name=user.full_name,
        course_title=title,
        completed_on=timezone.localdate(),
        revoked_at=timezone.now() if revoked else None,
    )


def test_a_new_student_sees_how_to_earn_and_empty_panels(client, student):
    board = student_dashboard_get(user=student)
    assert board.standing == {
        "rank": None,
        "board_size": 0,
        "points": 0,
        "level": {
            "level": 1,
            "current_level_at": 0,
            "next_level_at": 120,
            "progress_percent": 0,
        },
        "badges": [],
    }
    assert board.notifications == {"unread": 0, "items": []}
    assert board.certificates == []
    client.force_login(student)
    html = client.get(reverse("student_pwa:home")).content.decode()
    assert "Not ranked yet" in html and "to earn points" in html and "No badges yet" in html
    assert "No notifications yet" in html
    assert "Finish a course to get its certificate here." in html


def test_rank_with_a_tie_points_level_and_badges(client, student):
    rival, leader, last = StudentFactory(), StudentFactory(), StudentFactory()
    PointsEntryFactory(user=student, points=100)
    PointsEntryFactory(user=student, points=50)
    PointsEntryFactory(user=rival, points=150)
    PointsEntryFactory(user=leader, points=200)
    PointsEntryFactory(user=last, points=10)
    early = BadgeFactory(name="First steps", description="Earned 100 points")
    late = BadgeFactory(name="Streaker")
    BadgeAward.objects.create(
        badge=early, user=student, awarded_at=timezone.now() - dt.timedelta(days=1)
    )
    BadgeAward.objects.create(badge=late, user=student)
    BadgeAward.objects.create(badge=BadgeFactory(name="Not mine"), user=rival)

    standing = student_dashboard_get(user=student).standing
    # 200, 150, 150, 10: the tie shares rank 2 and the next is 4 (competition ranking).
    assert standing["rank"] == 2 and standing["board_size"] == 4
    assert standing["points"] == 150
    # Default curve (base 120, x1.3): level 2 from 120, level 3 from 276.
    assert standing["level"] == {
        "level": 2,
        "current_level_at": 120,
        "next_level_at": 276,
        "progress_percent": 19,
    }
    assert [b["name"] for b in standing["badges"]] == ["Streaker", "First steps"]
    assert student_dashboard_get(user=rival).standing["rank"] == 2
    assert student_dashboard_get(user=last).standing["rank"] == 4

    client.force_login(student)
    html = client.get(reverse("student_pwa:home")).content.decode()
    assert "#2 of 4" in html and 'data-testid="dashboard-points">150<' in html
    assert "Streaker" in html and "First steps" in html and "Not mine" not in html


def test_newest_notifications_and_unread_count_of_the_person_only(client, student):
    start = timezone.now() - dt.timedelta(hours=10)
    for number in range(7):
        NotificationFactory(
            user=student,
            title=f"Mine {number}",
            created_at=start + dt.timedelta(hours=number),
            read_at=timezone.now() if number < 2 else None,
        )
    NotificationFactory(user=StudentFactory(), title="Someone else's news")

    panel = student_dashboard_get(user=student).notifications
    assert panel["unread"] == 5
    assert [n["title"] for n in panel["items"]] == [f"Mine {n}" for n in (6, 5, 4, 3, 2)]
    assert not any(n["read"] for n in panel["items"])

    client.force_login(student)
    html = client.get(reverse("student_pwa:home")).content.decode()
    assert "Mine 6" in html and "Mine 1" not in html and "Someone else" not in html
    assert "5 unread" in html


def test_certificates_of_the_person_only(client, student):
    certificate_of(student, title="Python basics")
    revoked = certificate_of(student, title="Old SQL", revoked=True)
    certificate_of(StudentFactory(), title="Someone else's course")

    panel = student_dashboard_get(user=student).certificates
    assert {c["course_title"]: c["valid"] for c in panel} == {
        "Python basics": True,
        "Old SQL": False,
    }
    client.force_login(student)
    html = client.get(reverse("student_pwa:home")).content.decode()
    assert "Python basics" in html and revoked.serial in html and "Revoked" in html
    assert "Someone else" not in html


def test_the_api_shape_of_the_new_panels(client, student):
    PointsEntryFactory(user=student, points=130)
    BadgeAward.objects.create(badge=BadgeFactory(name="Hundred"), user=student)
    NotificationFactory(user=student, title="Enrolled", link="/app/")
    certificate = certificate_of(student, title="Python basics")
    client.force_login(student)

    data = client.get(reverse("api:my-dashboard")).json()

    standing = data["standing"]
    assert set(standing) == {"rank", "board_size", "points", "level", "badges"}
    assert (standing["rank"], standing["board_size"], standing["points"]) == (1, 1, 130)
    assert standing["level"]["level"] == 2 and standing["level"]["next_level_at"] == 276
    assert set(standing["badges"][0]) == {"id", "name", "description", "awarded_at"}
    assert data["notifications"]["unread"] == 1
    assert set(data["notifications"]["items"][0]) == {
        "id",
        "kind",
        "title",
        "link",
        "read",
        "created_at",
    }
    assert data["certificates"] == [
        {
            "id": certificate.pk,
            "serial": certificate.serial,
            "course_title": "Python basics",
            "completed_on": certificate.completed_on.isoformat(),
            "valid": True,
            "download_url": None,  # no PDF rendered yet
            "verify_url": reverse("student_pwa:certificate_verify", args=[certificate.serial]),
        }
    ]


def test_the_schema_documents_the_new_panels():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    operation = schema["paths"]["/api/v1/me/dashboard/"]["get"]
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    output = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert {"standing", "notifications", "certificates"} <= set(output["properties"])
    assert {"standing", "notifications", "certificates"} <= set(output["required"])
