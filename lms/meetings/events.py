"""Events the meetings context publishes (see lms/core/events.py and the README's list)."""

from dataclasses import dataclass

from lms.core.events import Event


@dataclass(frozen=True)
class MeetingSoon(Event):
    """A meeting starts within the reminder lead time; published once per meeting."""

    meeting_id: int
    starts_at: str  # ISO 8601, UTC


@dataclass(frozen=True)
class MeetingAttended(Event):
    """A student joined a meeting for the first time (`status`: present or late)."""

    meeting_id: int
    user_id: int
    status: str


@dataclass(frozen=True)
class AttendanceMarked(Event):
    """Staff set these people's status at a meeting (an override or a bulk mark)."""

    meeting_id: int
    user_ids: tuple[int, ...]
    status: str
