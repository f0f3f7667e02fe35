from lms.meetings.models.attendance import (
    ATTENDED_STATUSES,
    Attendance,
    AttendanceStatus,
    CalendarFeed,
)
from lms.meetings.models.feedback import FeedbackCriterion, FeedbackRating, InterviewFeedback
from lms.meetings.models.meeting import Meeting, MeetingKind, MeetingSeries, validate_join_url

__all__ = [
    "ATTENDED_STATUSES",
    "Attendance",
    "AttendanceStatus",
    "CalendarFeed",
    "FeedbackCriterion",
    "FeedbackRating",
    "InterviewFeedback",
    "Meeting",
    "MeetingKind",
    "MeetingSeries",
    "validate_join_url",
]
