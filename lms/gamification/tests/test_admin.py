"""The console: boards (view, export), adjustments from the board, a person's page and a
whole group, the adjustments list."""

import csv
import io

import pytest
from django.urls import reverse

from lms.accounts.models import CohortMembership
from lms.accounts.tests.factories import CohortFactory, InstructorFactory, StudentFactory
from lms.gamification.leaderboard import total_points
from lms.gamification.models import PointsEntry
from lms.gamification.tests.factories import PointsEntryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def console(client, admin_user):
    client.force_login(admin_user)
    return client


def test_the_board_shows_ranks_and_exports_csv(console):
    leader = StudentFactory(full_name="=HYPERLINK(1)")
    PointsEntryFactory(user=leader, points=50)
    PointsEntryFactory(points=20)
    url = reverse("admin:gamification_pointsentry_leaderboard")
    page = console.get(url, {"period": "week"})
    assert page.status_code == 200
    assert f'data-user="{leader.pk}"' in page.content.decode()
    export = console.get(url, {"download": "csv"})
    rows = list(csv.reader(io.StringIO(export.content.decode())))
    assert rows[0] == ["rank", "user_id", "name", "email", "points"]
    assert rows[1][0] == "1" and rows[1][2] == "'=HYPERLINK(1)" and rows[1][4] == "50"
    assert len(rows) == 3


def test_adjust_from_the_board(console, admin_user, student):
    url = reverse("admin:gamification_pointsentry_leaderboard")
    response = console.post(
        url, {"email": student.email.upper(), "points": "30", "reason": "Hackathon"}
    )
    assert response.status_code == 302
    entry = PointsEntry.objects.get(user=student)
    assert (entry.points, entry.reason, entry.created_by) == (30, "Hackathon", admin_user)


def test_adjust_from_a_persons_page_needs_a_reason(console, student):
    url = reverse("admin:gamification_pointsentry_person", args=[student.pk])
    refused = console.post(url, {"points": "-10", "reason": ""})
    assert refused.status_code == 200 and not PointsEntry.objects.exists()
    done = console.post(url, {"points": "-10", "reason": "Plagiarism"})
    assert done.status_code == 302
    assert total_points(user=student) == -10
    page = console.get(url)
    assert "Plagiarism" in page.content.decode()
    # The person's console page links here.
    link = console.get(reverse("admin:accounts_user_points_link", args=[student.pk]))
    assert link.status_code == 302 and link["Location"] == url


def test_group_adjustment_and_the_adjustments_list(console):
    cohort = CohortFactory()
    for person in StudentFactory.create_batch(3):
        CohortMembership.objects.create(cohort=cohort, user=person)
    response = console.post(
        reverse("admin:gamification_pointsentry_adjust_group"),
        {"cohort": cohort.pk, "points": "100", "reason": "Won the hackathon"},
    )
    assert response.status_code == 302
    assert PointsEntry.objects.filter(cohort=cohort, points=100).count() == 3
    listing = console.get(response["Location"])
    assert listing.content.decode().count("Won the hackathon") == 3


def test_instructors_cannot_adjust(client, student):
    client.force_login(InstructorFactory())
    response = client.post(
        reverse("admin:gamification_pointsentry_person", args=[student.pk]),
        {"points": "10", "reason": "Nice"},
    )
    assert response.status_code == 403
    assert not PointsEntry.objects.exists()
