"""Events the accounts context publishes (see lms/core/events.py and the README's list)."""

from dataclasses import dataclass

from lms.core.events import Event


@dataclass(frozen=True)
class CohortMembershipChanged(Event):
    """People joined or left a group (through the accounts services)."""

    cohort_id: int
    added_user_ids: tuple[int, ...] = ()
    removed_user_ids: tuple[int, ...] = ()
