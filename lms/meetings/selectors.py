"""Reads of the meetings context: who is invited (the union of the three audience kinds, so
a student matched by a course and two groups sees a meeting once), the join window, the
attendance of a meeting with absences computed, a student's attendance percentage, and the
rows of the attendance export (streamed)."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db.models import (
    Count,
    Exists,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.utils import timezone

from lms.accounts.models import CohortMembership, User
from lms.core.prepared import PreparedValues
from lms.learning.models import ACCESS_STATUSES, Enrollment
from lms.meetings.models import (
    ATTENDED_STATUSES,
    Attendance,
    AttendanceStatus,
    CalendarFeed,
    InterviewFeedback,
    Meeting,
)

MeetingCourse = Meeting.courses.through
MeetingCohort = Meeting.cohorts.through
MeetingUser = Meeting.users.through


def _invited_meeting_ids(*, user_id: int) -> QuerySet:
    """The ids of the meetings whose audience includes the user, read from the user's side
    (their invitations, groups and courses), so the cost follows what one person is invited
    to, not every meeting the academy ever held."""
    by_user = MeetingUser.objects.filter(user_id=user_id).values("meeting_id")
    by_cohort = MeetingCohort.objects.filter(
        cohort_id__in=CohortMembership.objects.filter(user_id=user_id).values("cohort_id")
    ).values("meeting_id")
    by_course = MeetingCourse.objects.filter(
        course_id__in=Enrollment.objects.filter(user_id=user_id, status__in=ACCESS_STATUSES).values(
            "course_id"
        )
    ).values("meeting_id")
    return by_user.union(by_cohort, by_course)


def meetings_for_user(*, user: User) -> QuerySet[Meeting]:
    """Every meeting the user is invited to, cancelled ones included, each once."""
    return Meeting.objects.filter(pk__in=_invited_meeting_ids(user_id=user.pk))


def meeting_is_invited(*, meeting: Meeting, user: User) -> bool:
    return meetings_for_user(user=user).filter(pk=meeting.pk).exists()


def invitees(*, meeting: Meeting) -> QuerySet[User]:
    """The students a meeting is aimed at, each once (a person named directly, a member of
    one of its groups, or enrolled with access in one of its courses)."""
    by_user = MeetingUser.objects.filter(meeting_id=meeting.pk, user_id=OuterRef("pk"))
    by_cohort = CohortMembership.objects.filter(
        user_id=OuterRef("pk"),
        cohort_id__in=MeetingCohort.objects.filter(meeting_id=meeting.pk).values("cohort_id"),
    )
    by_course = Enrollment.objects.filter(
        user_id=OuterRef("pk"),
        status__in=ACCESS_STATUSES,
        course_id__in=MeetingCourse.objects.filter(meeting_id=meeting.pk).values("course_id"),
    )
    return User.objects.filter(Q(Exists(by_user)) | Q(Exists(by_cohort)) | Q(Exists(by_course)))


@dataclass(frozen=True)
class JoinWindow:
    opens_at: datetime
    closes_at: datetime

    def is_open(self, at: datetime) -> bool:
        return self.opens_at <= at <= self.closes_at


def join_window(*, meeting: Meeting) -> JoinWindow:
    return _join_window_between(meeting.starts_at, meeting.ends_at)


def _join_window_between(starts_at: datetime, ends_at: datetime) -> JoinWindow:
    opens = starts_at - timedelta(minutes=settings.LMS_MEETING_JOIN_OPENS_MINUTES)
    return JoinWindow(opens_at=opens, closes_at=ends_at)


def status_for_join(*, meeting: Meeting, at: datetime) -> str:
    late_after = meeting.starts_at + timedelta(minutes=settings.LMS_MEETING_LATE_AFTER_MINUTES)
    return AttendanceStatus.PRESENT if at <= late_after else AttendanceStatus.LATE


def effective_status(*, stored: str | None, meeting_ended: bool) -> str:
    """The stored status, else absent once the meeting is over, else "" (not yet)."""
    if stored:
        return stored
    return AttendanceStatus.ABSENT if meeting_ended else ""


@dataclass(frozen=True)
class AttendanceLine:
    user: User
    status: str
    attendance: Attendance | None


def meeting_attendance(*, meeting: Meeting, at: datetime | None = None) -> list[AttendanceLine]:
    """Every invitee and anyone else with a row (say, a person removed from the group
    after joining), with the effective status."""
    at = at or timezone.now()
    ended = meeting.ends_at <= at
    rows = {
        row.user_id: row
        for row in Attendance.objects.filter(meeting=meeting).select_related("marked_by")
    }
    people = User.objects.filter(
        Q(pk__in=invitees(meeting=meeting).values("pk")) | Q(pk__in=list(rows))
    ).order_by("full_name", "email")
    return [
        AttendanceLine(
            user=person,
            status=effective_status(
                stored=rows[person.pk].status if person.pk in rows else None, meeting_ended=ended
            ),
            attendance=rows.get(person.pk),
        )
        for person in people
    ]


@dataclass(frozen=True)
class AttendanceRate:
    attended: int
    invited: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.attended / self.invited) if self.invited else None


def _attendance_counts_query(*, user_id: int, at: datetime) -> QuerySet:
    return (
        Meeting.objects.filter(
            pk__in=_invited_meeting_ids(user_id=user_id),
            ends_at__lte=at,
            cancelled_at__isnull=True,
        )
        .alias(own=FilteredRelation("attendances", condition=Q(attendances__user_id=user_id)))
        .order_by()
        .annotate(everything=Value(1))
        .values("everything")  # one group: the whole set
        .annotate(
            total=Count("pk"),
            excused=Count("pk", filter=Q(own__status=AttendanceStatus.EXCUSED)),
            attended=Count("pk", filter=Q(own__status__in=ATTENDED_STATUSES)),
        )
        .values("total", "excused", "attended")
    )


_attendance_counts = PreparedValues(_attendance_counts_query, user_id=int, at=datetime)


def attendance_rate(*, user: User, at: datetime | None = None) -> AttendanceRate:
    """Attended (present or late) / meetings invited to that have ended, not counting
    cancelled meetings nor the ones the student was excused from (one query, its SQL built
    once per process)."""
    rows = _attendance_counts.rows(user_id=user.pk, at=at or timezone.now())
    counts = rows[0] if rows else {"total": 0, "excused": 0, "attended": 0}
    return AttendanceRate(attended=counts["attended"], invited=counts["total"] - counts["excused"])


def my_meetings(*, user: User, upcoming: bool, at: datetime | None = None) -> QuerySet[Meeting]:
    """A student's meetings with their own attendance row's status and join time; upcoming:
    not over and not cancelled, soonest first; otherwise all, newest first."""
    at = at or timezone.now()
    own = Attendance.objects.filter(meeting_id=OuterRef("pk"), user_id=user.pk)
    meetings = meetings_for_user(user=user).annotate(
        my_status=Subquery(own.values("status")[:1]),
        my_joined_at=Subquery(own.values("joined_at")[:1]),
    )
    if upcoming:
        return meetings.filter(ends_at__gt=at, cancelled_at__isnull=True).order_by("starts_at")
    return meetings.order_by("-starts_at")


def feedback_for_student(*, user: User, at: datetime | None = None) -> QuerySet[InterviewFeedback]:
    """Feedback the student may read: on interviews that are over."""
    return (
        InterviewFeedback.objects.filter(student=user, meeting__ends_at__lte=at or timezone.now())
        .select_related("meeting", "author")
        .prefetch_related("ratings__criterion")
        .order_by("-meeting__starts_at")
    )


def calendar_feed_get(*, token: str) -> CalendarFeed | None:
    if not token:
        return None
    return CalendarFeed.objects.select_related("user").filter(token=token).first()


# --- Export ---------------------------------------------------------------------------------

EXPORT_HEADER = [
    "meeting_id",
    "meeting",
    "kind",
    "starts_at",
    "ends_at",
    "student_id",
    "student_email",
    "student_name",
    "status",
    "joined_at",
    "marked_by",
    "marked_at",
]


@dataclass(frozen=True)
class ExportFilters:
    date_from: datetime | None = None
    date_to: datetime | None = None  # exclusive
    course_id: int | None = None
    cohort_id: int | None = None
    kind: str = ""


def export_meetings(*, filters: ExportFilters) -> QuerySet[Meeting]:
    meetings = Meeting.objects.filter(cancelled_at__isnull=True)
    if filters.date_from:
        meetings = meetings.filter(starts_at__gte=filters.date_from)
    if filters.date_to:
        meetings = meetings.filter(starts_at__lt=filters.date_to)
    if filters.course_id:
        meetings = meetings.filter(
            Exists(
                MeetingCourse.objects.filter(meeting_id=OuterRef("pk"), course_id=filters.course_id)
            )
        )
    if filters.kind:
        meetings = meetings.filter(kind=filters.kind)
    return meetings.order_by("starts_at", "pk")


def _iso(value: datetime | None) -> str:
    return value.astimezone(UTC).isoformat() if value else ""


def attendance_export_rows(
    *, filters: ExportFilters, at: datetime | None = None, chunk_size: int | None = None
) -> Iterator[list[str]]:
    """One row per (meeting, invitee or person with a row), in meeting then student order.
    Both levels read with `.iterator(chunk_size)`: memory stays flat however many rows.
    Group filter: only members of that group. Times in UTC, ISO 8601."""
    at = at or timezone.now()
    chunk = chunk_size or settings.LMS_ATTENDANCE_EXPORT_CHUNK
    for meeting in export_meetings(filters=filters).iterator(chunk_size=chunk):
        ended = meeting.ends_at <= at
        rows = Attendance.objects.filter(meeting_id=meeting.pk, user_id=OuterRef("pk"))
        people = User.objects.filter(
            Q(pk__in=invitees(meeting=meeting).values("pk"))
            | Q(pk__in=Attendance.objects.filter(meeting_id=meeting.pk).values("user_id"))
        )
        if filters.cohort_id:
            people = people.filter(
                Exists(
                    CohortMembership.objects.filter(
                        user_id=OuterRef("pk"), cohort_id=filters.cohort_id
                    )
                )
            )
        people = people.annotate(
            stored=Subquery(rows.values("status")[:1]),
            joined_at=Subquery(rows.values("joined_at")[:1]),
            marked_at=Subquery(rows.values("marked_at")[:1]),
            marked_by_email=Subquery(rows.values("marked_by__email")[:1]),
        ).order_by("pk")
        values = people.values_list(
            "pk", "email", "full_name", "stored", "joined_at", "marked_by_email", "marked_at"
        )
        for pk, email, name, stored, joined, marked_by, marked_at in values.iterator(
            chunk_size=chunk
        ):
            yield [
                str(meeting.pk),
                meeting.title,
                meeting.kind,
                _iso(meeting.starts_at),
                _iso(meeting.ends_at),
                str(pk),
                email,
                name,
                effective_status(stored=stored, meeting_ended=ended),
                _iso(joined),
                marked_by or "",
                _iso(marked_at),
            ]


# --- Dashboard panels ---------------------------------------------------------------------


def _upcoming_meetings_query(*, user_id: int, at: datetime, limit: int) -> QuerySet:
    return (
        Meeting.objects.filter(
            pk__in=_invited_meeting_ids(user_id=user_id),
            ends_at__gt=at,
            cancelled_at__isnull=True,
        )
        .order_by("starts_at", "pk")
        .values("pk", "kind", "title", "starts_at", "ends_at")[:limit]
    )


_UPCOMING_ON_DASHBOARD = 5
_upcoming_meetings = PreparedValues(
    lambda *, user_id, at: _upcoming_meetings_query(
        user_id=user_id, at=at, limit=_UPCOMING_ON_DASHBOARD
    ),
    user_id=int,
    at=datetime,
)


def upcoming_meetings_get(*, user: User, limit: int = 5, at: datetime | None = None) -> list[dict]:
    """The student's next meetings (not over, not cancelled), soonest first: one query (its
    SQL built once per process for the dashboard's five)."""
    at = at or timezone.now()
    if limit == _UPCOMING_ON_DASHBOARD:
        rows = _upcoming_meetings.rows(user_id=user.pk, at=at)
    else:
        rows = list(_upcoming_meetings_query(user_id=user.pk, at=at, limit=limit))
    return [
        {
            "id": row["pk"],
            "kind": row["kind"],
            "title": row["title"],
            "starts_at": row["starts_at"],
            "ends_at": row["ends_at"],
            "can_join": _join_window_between(row["starts_at"], row["ends_at"]).is_open(at),
        }
        for row in rows
    ]
