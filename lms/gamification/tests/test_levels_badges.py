"""Levels on the admin's curve, and badges awarded once with an event."""

import datetime as dt
from decimal import Decimal

import pytest

from lms.assignments.tests.factories import DailyEntryFactory
from lms.core.events import subscribe, unsubscribe
from lms.gamification import selectors, services
from lms.gamification.events import BadgeAwarded
from lms.gamification.models import BadgeAward, BadgeCriterion, LevelCurve
from lms.gamification.tests.factories import BadgeFactory, PointsEntryFactory

pytestmark = pytest.mark.django_db


def test_level_up_xp_default_curve():
    thresholds = [
        selectors.level_threshold(level=n, base=120, coefficient=Decimal("1.3"))
        for n in range(1, 11)
    ]
    assert thresholds == [0, 120, 276, 479, 742, 1085, 1531, 2110, 2863, 3842]


@pytest.mark.parametrize(
    ("points", "level", "progress"),
    [(0, 1, 0), (119, 1, 99), (120, 2, 0), (200, 2, 51), (10**6, 10, 100)],
)
def test_level_for_points(points, level, progress):
    result = selectors.level_for_points(points=points, curve=LevelCurve(pk=1))
    assert (result.level, result.progress_percent) == (level, progress)
    assert (result.next_level_at is None) == (level == 10)


def test_the_admin_curve_is_used(student):
    LevelCurve.objects.update_or_create(pk=1, defaults={"base": 10, "coefficient": Decimal("2")})
    PointsEntryFactory(user=student, points=30)  # levels at 0, 10, 30, 70
    assert selectors.level_get(user=student).level == 3


def test_badges_are_awarded_once_and_published(student, django_capture_on_commit_callbacks):
    heard = []
    subscribe(BadgeAwarded, heard.append)
    try:
        points = BadgeFactory(criterion=BadgeCriterion.POINTS, threshold=100)
        streak = BadgeFactory(criterion=BadgeCriterion.STREAK, threshold=3)
        BadgeFactory(criterion=BadgeCriterion.COURSES, threshold=1)
        PointsEntryFactory(user=student, points=150)
        for day in range(3):
            DailyEntryFactory(user=student, local_date=dt.date(2026, 1, 1) + dt.timedelta(days=day))
        with django_capture_on_commit_callbacks(execute=True):
            awarded = services.badges_check(user_id=student.pk)
            again = services.badges_check(user_id=student.pk)
    finally:
        unsubscribe(BadgeAwarded, heard.append)
    assert {a.badge for a in awarded} == {points, streak}
    assert again == []
    assert BadgeAward.objects.filter(user=student).count() == 2
    assert {e.badge_id for e in heard} == {points.pk, streak.pk}
