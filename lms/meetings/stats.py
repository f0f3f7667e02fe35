"""Attendance across meetings for the console dashboard and reports, by the same rule as a
student's own rate (`selectors.attendance_rate`): attended (present or late) over invitees
of meetings that have ended and were not cancelled, not counting those excused. Absences are
not stored, so invitees are counted: a UNION of the three audiences (named, groups,
courses), which is distinct, so a person matched twice counts once."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, F, Q
from django.utils import timezone

from lms.accounts.models import CohortMembership
from lms.learning.models import ACCESS_STATUSES, Enrollment
from lms.meetings.models import ATTENDED_STATUSES, Attendance, AttendanceStatus, Meeting
from lms.meetings.selectors import MeetingUser


@dataclass(frozen=True)
class AttendanceFigure:
    attended: int
    expected: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.attended / self.expected) if self.expected else None


def _ended_meetings(*, course_ids: list[int] | None, at: datetime):
    meetings = Meeting.objects.filter(ends_at__lte=at, cancelled_at__isnull=True)
    if course_ids is not None:
        meetings = meetings.filter(courses__in=course_ids).distinct()
    return meetings


def _invitees_per_meeting(meeting_ids) -> dict[int, int]:
    """{meeting id: invitees} for the meetings of the subquery `meeting_ids`, in one query
    (a GROUP BY over the UNION of audiences)."""
    by_user = MeetingUser.objects.filter(meeting_id__in=meeting_ids).annotate(
        m=F("meeting_id"), u=F("user_id")
    )
    by_cohort = CohortMembership.objects.annotate(
        m=F("cohort__meetings__pk"), u=F("user_id")
    ).filter(m__in=meeting_ids)
    by_course = (
        Enrollment.objects.filter(status__in=ACCESS_STATUSES)
        .annotate(m=F("course__meetings__pk"), u=F("user_id"))
        .filter(m__in=meeting_ids)
    )
    # No part may carry its model's default ordering (SQLite refuses it in a compound).
    union = (
        by_user.order_by()
        .values_list("m", "u")
        .union(
            by_cohort.order_by().values_list("m", "u"), by_course.order_by().values_list("m", "u")
        )
    )
    try:
        sql, params = union.query.sql_with_params()
    except EmptyResultSet:  # no meeting in scope (an instructor without courses)
        return {}
    # The inner SQL is Django's own compilation, its values bound as parameters.
    query = f"SELECT m, COUNT(*) FROM ({sql}) invitations GROUP BY m"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return dict(cursor.fetchall())


def attendance_by_meeting(meetings) -> dict[int, AttendanceFigure]:
    """{meeting id: figure} for a queryset of meetings, in two queries (invitees, marks)."""
    ids = meetings.values("pk")
    invited = _invitees_per_meeting(ids)
    marks = {
        row["meeting_id"]: row
        for row in Attendance.objects.filter(meeting_id__in=ids)
        .values("meeting_id")
        .annotate(
            attended=Count("pk", filter=Q(status__in=ATTENDED_STATUSES)),
            excused=Count("pk", filter=Q(status=AttendanceStatus.EXCUSED)),
        )
        .order_by()
    }
    figures = {}
    for meeting_id, count in invited.items():
        mark = marks.get(meeting_id, {"attended": 0, "excused": 0})
        expected = max(count - mark["excused"], 0)
        figures[meeting_id] = AttendanceFigure(
            attended=min(mark["attended"], expected), expected=expected
        )
    return defaultdict(lambda: AttendanceFigure(attended=0, expected=0), figures)


def attendance_summary_get(
    *, course_ids: list[int] | None = None, weeks: int = 8, at: datetime | None = None
) -> dict:
    """The rate over all ended meetings and per week (Monday, academy time zone) for the
    last `weeks` weeks, oldest first: three queries whatever the numbers of meetings and
    people."""
    at = at or timezone.now()
    ended = _ended_meetings(course_ids=course_ids, at=at)
    meetings = dict(ended.values_list("pk", "starts_at").order_by())
    figures = attendance_by_meeting(ended)
    today = timezone.localtime(at).date()
    first_week = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    week_totals = {first_week + timedelta(weeks=number): [0, 0] for number in range(weeks)}
    attended_total = expected_total = 0
    for meeting_id, starts_at in meetings.items():
        figure = figures[meeting_id]
        attended, expected = figure.attended, figure.expected
        attended_total += attended
        expected_total += expected
        day = timezone.localtime(starts_at).date()
        week = day - timedelta(days=day.weekday())
        if week in week_totals:
            week_totals[week][0] += attended
            week_totals[week][1] += expected
    return {
        "overall": AttendanceFigure(attended=attended_total, expected=expected_total),
        "by_week": [
            {"week": week, "figure": AttendanceFigure(attended=values[0], expected=values[1])}
            for week, values in week_totals.items()
        ],
    }
