"""Events the gamification context publishes (see lms/core/events.py and the README's list)."""

from dataclasses import dataclass

from lms.core.events import Event


@dataclass(frozen=True)
class BadgeAwarded(Event):
    """A person earned a badge (once per badge and person)."""

    award_id: int
    badge_id: int
    user_id: int


@dataclass(frozen=True)
class PointsAdded(Event):
    """Ledger rows were written for these people (awards, adjustments, corrections)."""

    user_ids: tuple[int, ...]
