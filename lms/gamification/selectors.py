"""Reads of the gamification context: a person's history, level and badges, the rules in
force, and the facts badges are judged on. Leaderboards are in leaderboard.py."""

import math
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from lms.accounts.models import User
from lms.assessments.models import Attempt
from lms.assignments import selectors as assignment_selectors
from lms.core.prepared import PreparedValues
from lms.gamification.leaderboard import total_points
from lms.gamification.models import (
    BadgeAward,
    BadgeCriterion,
    LevelCurve,
    PointsEntry,
    PointsRule,
    SourceKind,
)
from lms.learning.models import Enrollment


def points_history(*, user: User) -> QuerySet[PointsEntry]:
    return PointsEntry.objects.filter(user=user).select_related("course", "created_by")


def manual_adjustments() -> QuerySet[PointsEntry]:
    return PointsEntry.objects.filter(source_kind=SourceKind.MANUAL).select_related(
        "user", "course", "cohort", "created_by"
    )


def rule_get(*, kind: str, streak_days: int = 0) -> PointsRule | None:
    """The active rule of a kind, or None (no points for it)."""
    return PointsRule.objects.filter(kind=kind, streak_days=streak_days, active=True).first()


def streak_rules() -> list[PointsRule]:
    """Active streak bonuses, the longest streak first."""
    return list(
        PointsRule.objects.filter(kind="daily_streak_bonus", active=True).order_by("-streak_days")
    )


_LEVEL_CURVE_FIELDS = ("id", "base", "coefficient", "max_level")
_level_curve = PreparedValues(
    lambda: LevelCurve.objects.filter(pk=1).order_by().values(*_LEVEL_CURVE_FIELDS)
)


def level_curve_get() -> LevelCurve:
    """The academy's curve (one query, its SQL built once per process), or the defaults."""
    rows = _level_curve.rows()
    if not rows:
        return LevelCurve(pk=1)
    return LevelCurve.from_db(
        "default", _LEVEL_CURVE_FIELDS, [rows[0][f] for f in _LEVEL_CURVE_FIELDS]
    )


def level_threshold(*, level: int, base: int, coefficient: Decimal) -> int:
    """XP at which `level` starts: base × (c^(level−1) − 1) / (c − 1), rounded (level 1 at 0,
    level 2 at base; with base 120 and 1.3: 0, 120, 276, 479, 742, 1085, ...)."""
    c = float(coefficient)
    return round(base * (c ** (level - 1) - 1) / (c - 1))


@dataclass(frozen=True)
class Level:
    level: int
    points: int
    current_level_at: int
    next_level_at: int | None  # None at the highest level
    progress_percent: int


def level_for_points(*, points: int, curve: LevelCurve) -> Level:
    thresholds = [
        level_threshold(level=n, base=curve.base, coefficient=curve.coefficient)
        for n in range(1, curve.max_level + 1)
    ]
    level = max(1, sum(1 for at in thresholds if points >= at))
    current = thresholds[level - 1]
    following = thresholds[level] if level < curve.max_level else None
    progress = 100
    if following is not None:
        progress = math.floor(100 * (max(points, 0) - current) / (following - current))
    return Level(
        level=level,
        points=points,
        current_level_at=current,
        next_level_at=following,
        progress_percent=max(0, min(100, progress)),
    )


def level_get(*, user: User) -> Level:
    return level_for_points(points=total_points(user=user), curve=level_curve_get())


def badges_for_user(*, user: User) -> QuerySet[BadgeAward]:
    return BadgeAward.objects.filter(user=user).select_related("badge")


def _badges_earned_query(*, user_id: int) -> QuerySet:
    return (
        BadgeAward.objects.filter(user_id=user_id)
        .order_by("-awarded_at", "-pk")
        .values("badge_id", "badge__name", "badge__description", "awarded_at")
    )


_badges_earned = PreparedValues(_badges_earned_query, user_id=int)


def badges_earned_get(*, user: User) -> list[dict]:
    """The person's badges as rows, newest first: one per badge the academy defines, so a
    bounded list (one query, its SQL built once per process)."""
    return _badges_earned.rows(user_id=user.pk)


def badge_measure(*, user: User, criterion: str) -> int:
    """The number a badge's threshold is compared with."""
    if criterion == BadgeCriterion.POINTS:
        return total_points(user=user)
    if criterion == BadgeCriterion.STREAK:
        return assignment_selectors.streak_get(user=user).longest
    if criterion == BadgeCriterion.COURSES:
        return Enrollment.objects.filter(user=user, completed_at__isnull=False).count()
    if criterion == BadgeCriterion.PERFECT_QUIZ:
        return Attempt.objects.filter(user=user, percent__gte=100).count()
    if criterion == BadgeCriterion.ANSWERS_ACCEPTED:
        return PointsEntry.objects.filter(
            user=user, source_kind=SourceKind.FORUM_ANSWER, revision=1
        ).count()
    raise ValueError(f"unknown criterion {criterion!r}")
