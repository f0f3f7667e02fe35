"""Writes of the meetings context: scheduling (one meeting or a weekly series), moving and
cancelling, joining (attendance recorded once), marking attendance in the console, the
reminders, the calendar feed's token and interview feedback."""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from lms.accounts.models import Cohort, User
from lms.accounts.permissions import is_admin, is_author
from lms.catalog.models import Course
from lms.core.errors import ApplicationError, PermissionDeniedError, invalid_fields_error
from lms.core.events import publish
from lms.meetings import selectors
from lms.meetings.events import AttendanceMarked, MeetingAttended, MeetingSoon
from lms.meetings.models import (
    Attendance,
    AttendanceStatus,
    CalendarFeed,
    FeedbackCriterion,
    FeedbackRating,
    InterviewFeedback,
    Meeting,
    MeetingKind,
    MeetingSeries,
)
from lms.meetings.models.attendance import new_feed_token

WEEK = timedelta(weeks=1)


def _validated(meeting: Meeting) -> Meeting:
    try:
        meeting.full_clean(exclude=["series"])
    except ValidationError as error:
        raise invalid_fields_error(error) from error
    return meeting


def _set_audience(meeting: Meeting, *, courses, cohorts, users) -> None:
    meeting.courses.set(courses)
    meeting.cohorts.set(cohorts)
    meeting.users.set(users)


@transaction.atomic
def meeting_create(
    *,
    kind: str,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    join_url: str,
    agenda: str = "",
    courses: Iterable[Course] = (),
    cohorts: Iterable[Cohort] = (),
    users: Iterable[User] = (),
    interviewer: User | None = None,
    repeat_weekly_until: datetime | None = None,
) -> Meeting:
    """Schedules a meeting (validated: ends after it starts, an https link, an interviewer
    for a mock interview). With `repeat_weekly_until`, the first of a weekly series whose
    occurrences up to the horizon are made at once (see `meeting_series_extend`)."""
    if interviewer is not None and not is_author(interviewer):
        raise ApplicationError(
            _("The interviewer must be staff."), fields={"interviewer": [_("Not staff.")]}
        )
    meeting = _validated(
        Meeting(
            kind=kind,
            title=title,
            agenda=agenda,
            starts_at=starts_at,
            ends_at=ends_at,
            join_url=join_url,
            interviewer=interviewer,
        )
    )
    if repeat_weekly_until is not None:
        if repeat_weekly_until <= starts_at:
            raise ApplicationError(
                _("A series must repeat until after its first meeting."),
                fields={"repeat_weekly_until": [_("Must be after the start.")]},
            )
        meeting.series = MeetingSeries.objects.create(
            repeat_until=repeat_weekly_until, materialized_until=starts_at
        )
    meeting.save()
    _set_audience(meeting, courses=courses, cohorts=cohorts, users=users)
    if meeting.series is not None:
        _series_extend(meeting.series, at=timezone.now())
    return meeting


def _series_extend(series: MeetingSeries, *, at: datetime) -> int:
    """Copies the latest occurrence a week on, again and again, up to the horizon and the
    series' end. Moved or cancelled occurrences stay as they are."""
    horizon = min(
        series.repeat_until, at + timedelta(weeks=settings.LMS_MEETING_SERIES_HORIZON_WEEKS)
    )
    latest = series.meetings.order_by("-starts_at").first()
    made = 0
    # Step from the planned slot, not a moved occurrence's time.
    slot = max(series.materialized_until, latest.starts_at) if latest else None
    while latest is not None and slot + WEEK <= horizon:
        slot += WEEK
        shift = slot - latest.starts_at
        occurrence = Meeting.objects.create(
            kind=latest.kind,
            title=latest.title,
            agenda=latest.agenda,
            starts_at=slot,
            ends_at=latest.ends_at + shift,
            join_url=latest.join_url,
            interviewer=latest.interviewer,
            series=series,
        )
        _set_audience(
            occurrence,
            courses=latest.courses.all(),
            cohorts=latest.cohorts.all(),
            users=latest.users.all(),
        )
        made += 1
    if slot is not None and slot != series.materialized_until:
        series.materialized_until = slot
        series.save(update_fields=["materialized_until"])
    return made


def meeting_series_extend(*, at: datetime | None = None) -> int:
    """Makes the occurrences that entered the horizon since the last run (daily task)."""
    at = at or timezone.now()
    made = 0
    for series in MeetingSeries.objects.filter(materialized_until__lt=F("repeat_until")):
        with transaction.atomic():
            series = MeetingSeries.objects.select_for_update().get(pk=series.pk)
            made += _series_extend(series, at=at)
    return made


@transaction.atomic
def meeting_move(*, meeting: Meeting, starts_at: datetime, ends_at: datetime) -> Meeting:
    """Moves one meeting (one occurrence of a series, the others stay); a moved meeting is
    reminded again."""
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    meeting.reminded_at = None
    _validated(meeting).save(update_fields=["starts_at", "ends_at", "reminded_at"])
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting) -> Meeting:
    if meeting.cancelled_at is None:
        meeting.cancelled_at = timezone.now()
        meeting.save(update_fields=["cancelled_at"])
    return meeting


# --- Joining and attendance -----------------------------------------------------------------


def _when(value: datetime) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


@transaction.atomic
def meeting_join(*, meeting: Meeting, user: User, at: datetime | None = None) -> Attendance:
    """Records that `user` joined: present until the grace period after the start, late
    after it. Once: a second click returns the first record. Refused to someone not
    invited (no detail), for a cancelled meeting, and outside the join window (which the
    message names)."""
    at = at or timezone.now()
    if not selectors.meeting_is_invited(meeting=meeting, user=user):
        raise PermissionDeniedError(_("You cannot join this meeting."))
    if meeting.cancelled_at is not None:
        raise ApplicationError(_("This meeting was cancelled."), code="meeting_cancelled")
    window = selectors.join_window(meeting=meeting)
    if not window.is_open(at):
        raise ApplicationError(
            _("You can join from %(opens)s until %(closes)s.")
            % {"opens": _when(window.opens_at), "closes": _when(window.closes_at)},
            code="outside_join_window",
            status=409,
        )
    status = selectors.status_for_join(meeting=meeting, at=at)
    try:
        with transaction.atomic():
            attendance, created = Attendance.objects.get_or_create(
                meeting=meeting, user=user, defaults={"status": status, "joined_at": at}
            )
    except IntegrityError:  # a double click raced us: the other one recorded it
        return Attendance.objects.get(meeting=meeting, user=user)
    if created:
        publish(MeetingAttended(meeting_id=meeting.pk, user_id=user.pk, status=status))
    elif attendance.joined_at is None:  # marked in the console before they came
        attendance.joined_at = at
        attendance.save(update_fields=["joined_at"])
    return attendance


@transaction.atomic
def attendance_mark(*, meeting: Meeting, users: Iterable[User], status: str, by: User) -> int:
    """Sets the status of each person at a meeting (override or bulk mark), recording who
    and when. Admins and the mock interview's interviewer only."""
    if not (is_admin(by) or (meeting.interviewer_id and meeting.interviewer_id == by.pk)):
        raise PermissionDeniedError(_("You cannot mark attendance for this meeting."))
    if status not in AttendanceStatus.values:
        raise ApplicationError(_("Unknown attendance status."), fields={"status": [status]})
    at = timezone.now()
    marked = []
    for user in users:
        Attendance.objects.update_or_create(
            meeting=meeting,
            user=user,
            defaults={"status": status, "marked_by": by, "marked_at": at},
        )
        marked.append(user.pk)
    if marked:
        publish(AttendanceMarked(meeting_id=meeting.pk, user_ids=tuple(marked), status=status))
    return len(marked)


# --- Reminders ------------------------------------------------------------------------------


def meeting_reminders_send(*, at: datetime | None = None) -> int:
    """Publishes `MeetingSoon` once per meeting starting within the reminder lead time.
    The claim is a conditional UPDATE (`reminded_at` from NULL) committed with the event,
    so two workers, or a worker restarted mid-run, never remind twice; a crash after the
    claim loses that reminder rather than repeat it (at most once)."""
    at = at or timezone.now()
    lead = timedelta(minutes=settings.LMS_MEETING_REMINDER_MINUTES)
    due = Meeting.objects.filter(
        reminded_at__isnull=True,
        cancelled_at__isnull=True,
        starts_at__gt=at,
        starts_at__lte=at + lead,
    ).values_list("pk", "starts_at")
    sent = 0
    for pk, starts_at in list(due):
        with transaction.atomic():
            claimed = Meeting.objects.filter(pk=pk, reminded_at__isnull=True).update(reminded_at=at)
            if claimed:
                publish(MeetingSoon(meeting_id=pk, starts_at=starts_at.isoformat()))
                sent += 1
    return sent


# --- Calendar feed --------------------------------------------------------------------------


@transaction.atomic
def calendar_feed_renew(*, user: User) -> CalendarFeed:
    """Gives the student a (new) private calendar address; the previous one stops working."""
    feed, created = CalendarFeed.objects.get_or_create(user=user)
    if not created:
        feed.token = new_feed_token()
        feed.created_at = timezone.now()
        feed.save(update_fields=["token", "created_at"])
    return feed


# --- Interview feedback ---------------------------------------------------------------------


@transaction.atomic
def interview_feedback_save(
    *, meeting: Meeting, student: User, by: User, ratings: dict[int, int], comments: str
) -> InterviewFeedback:
    """The interviewer's (or an admin's) ratings per active criterion (1..5) and comments,
    which the student reads on their meetings page."""
    if meeting.kind != MeetingKind.MOCK_INTERVIEW:
        raise ApplicationError(_("Feedback is for mock interviews."))
    if not (is_admin(by) or meeting.interviewer_id == by.pk):
        raise PermissionDeniedError(_("Only the interviewer gives this feedback."))
    if not selectors.meeting_is_invited(meeting=meeting, user=student):
        raise ApplicationError(_("This student was not invited to the interview."))
    criteria = {c.pk: c for c in FeedbackCriterion.objects.filter(active=True)}
    errors = {
        str(pk): [_("Rate from 1 to 5.")]
        for pk, score in ratings.items()
        if pk not in criteria or not 1 <= int(score) <= 5
    }
    if errors:
        raise ApplicationError(_("Some ratings are not valid."), fields=errors)
    feedback, _created = InterviewFeedback.objects.update_or_create(
        meeting=meeting,
        student=student,
        defaults={"author": by, "comments": comments, "updated_at": timezone.now()},
    )
    feedback.ratings.all().delete()
    FeedbackRating.objects.bulk_create(
        FeedbackRating(feedback=feedback, criterion=criteria[pk], score=int(score))
        for pk, score in ratings.items()
    )
    return feedback
