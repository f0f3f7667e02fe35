"""Scheduling, targeting, joining (timing), overrides, percentage, reminders, series."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from lms.accounts.models import CohortMembership
from lms.accounts.tests.factories import AdminFactory, CohortFactory, StudentFactory
from lms.catalog.tests.factories import CourseFactory
from lms.core.errors import ApplicationError, PermissionDeniedError
from lms.core.events import subscribe, unsubscribe
from lms.learning.models import EnrollmentStatus
from lms.learning.tests.factories import EnrollmentFactory
from lms.meetings import selectors, services
from lms.meetings.events import MeetingAttended
from lms.meetings.models import Attendance, AttendanceStatus, Meeting, MeetingKind
from lms.meetings.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def _schedule(**overrides):
    start = timezone.now() + timedelta(days=1)
    fields = {
        "kind": MeetingKind.CLASS,
        "title": "Weekly class",
        "starts_at": start,
        "ends_at": start + timedelta(hours=1),
        "join_url": "https://meet.example.com/abc",
    }
    return services.meeting_create(**{**fields, **overrides})


# --- Validation -----------------------------------------------------------------------------


def test_a_meeting_that_ends_before_it_starts_is_refused():
    start = timezone.now()
    with pytest.raises(ApplicationError) as error:
        _schedule(starts_at=start, ends_at=start - timedelta(minutes=1))
    assert "ends_at" in error.value.fields
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    "link", ["http://meet.example.com/x", "javascript:alert(1)", "ftp://x.org", "meet"]
)
def test_a_link_that_is_not_https_is_refused(link):
    with pytest.raises(ApplicationError) as error:
        _schedule(join_url=link)
    assert "join_url" in error.value.fields


def test_local_http_links_only_when_the_setting_allows(settings):
    with pytest.raises(ApplicationError):
        _schedule(join_url="http://127.0.0.1:8000/room")
    settings.LMS_MEETING_ALLOW_LOCAL_HTTP_LINKS = True
    assert _schedule(join_url="http://127.0.0.1:8000/room").pk
    with pytest.raises(ApplicationError):
        _schedule(join_url="http://meet.example.com/room")


def test_a_mock_interview_needs_a_staff_interviewer():
    with pytest.raises(ApplicationError):
        _schedule(kind=MeetingKind.MOCK_INTERVIEW)
    with pytest.raises(ApplicationError):
        _schedule(kind=MeetingKind.MOCK_INTERVIEW, interviewer=StudentFactory())
    assert _schedule(kind=MeetingKind.MOCK_INTERVIEW, interviewer=AdminFactory()).pk


# --- Targeting ------------------------------------------------------------------------------


def test_a_student_matched_by_course_two_groups_and_name_sees_the_meeting_once():
    student, other = StudentFactory(), StudentFactory()
    course = CourseFactory()
    EnrollmentFactory(user=student, course=course)
    first, second = CohortFactory(), CohortFactory()
    for cohort in (first, second):
        CohortMembership.objects.create(cohort=cohort, user=student)
    meeting = _schedule(courses=[course], cohorts=[first, second], users=[student])
    assert list(selectors.meetings_for_user(user=student)) == [meeting]
    assert list(selectors.meetings_for_user(user=other)) == []
    assert list(selectors.invitees(meeting=meeting)) == [student]


def test_each_kind_of_audience_invites_on_its_own():
    by_course, by_group, by_name, revoked = (StudentFactory() for _ in range(4))
    course, cohort = CourseFactory(), CohortFactory()
    EnrollmentFactory(user=by_course, course=course)
    EnrollmentFactory(user=revoked, course=course, status=EnrollmentStatus.REVOKED)
    CohortMembership.objects.create(cohort=cohort, user=by_group)
    meeting = _schedule(courses=[course], cohorts=[cohort], users=[by_name])
    assert set(selectors.invitees(meeting=meeting)) == {by_course, by_group, by_name}
    assert not selectors.meeting_is_invited(meeting=meeting, user=revoked)


# --- Joining --------------------------------------------------------------------------------


@pytest.fixture
def invited():
    student = StudentFactory()
    start = timezone.now().replace(microsecond=0) + timedelta(days=1)
    meeting = MeetingFactory(starts_at=start, ends_at=start + timedelta(hours=1), users=[student])
    return meeting, student


def test_joining_too_early_is_refused_with_the_window(invited, settings):
    meeting, student = invited
    settings.LMS_MEETING_JOIN_OPENS_MINUTES = 10
    with pytest.raises(ApplicationError) as error:
        services.meeting_join(
            meeting=meeting, user=student, at=meeting.starts_at - timedelta(minutes=11)
        )
    assert error.value.code == "outside_join_window"
    assert "You can join from" in error.value.message
    assert not Attendance.objects.exists()


def test_joining_in_the_window_before_the_start_is_present(
    invited, settings, django_capture_on_commit_callbacks
):
    meeting, student = invited
    settings.LMS_MEETING_JOIN_OPENS_MINUTES = 10
    events = []
    subscribe(MeetingAttended, events.append)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            row = services.meeting_join(
                meeting=meeting, user=student, at=meeting.starts_at - timedelta(minutes=9)
            )
    finally:
        unsubscribe(MeetingAttended, events.append)
    assert row.status == AttendanceStatus.PRESENT
    assert events == [MeetingAttended(meeting_id=meeting.pk, user_id=student.pk, status="present")]


def test_joining_within_the_grace_period_is_present_after_it_late(invited, settings):
    meeting, student = invited
    settings.LMS_MEETING_LATE_AFTER_MINUTES = 5
    on_time = services.meeting_join(
        meeting=meeting, user=student, at=meeting.starts_at + timedelta(minutes=5)
    )
    assert on_time.status == AttendanceStatus.PRESENT
    latecomer = StudentFactory()
    meeting.users.add(latecomer)
    late = services.meeting_join(
        meeting=meeting, user=latecomer, at=meeting.starts_at + timedelta(minutes=6)
    )
    assert late.status == AttendanceStatus.LATE


def test_joining_after_the_end_is_refused(invited):
    meeting, student = invited
    with pytest.raises(ApplicationError) as error:
        services.meeting_join(
            meeting=meeting, user=student, at=meeting.ends_at + timedelta(seconds=1)
        )
    assert error.value.code == "outside_join_window"


def test_a_second_click_keeps_the_first_record(invited):
    meeting, student = invited
    first = services.meeting_join(meeting=meeting, user=student, at=meeting.starts_at)
    again = services.meeting_join(
        meeting=meeting, user=student, at=meeting.starts_at + timedelta(minutes=30)
    )
    assert again.pk == first.pk
    assert again.status == AttendanceStatus.PRESENT
    assert again.joined_at == meeting.starts_at
    assert Attendance.objects.count() == 1


def test_someone_not_invited_cannot_join(invited):
    meeting, _student = invited
    with pytest.raises(PermissionDeniedError) as error:
        services.meeting_join(meeting=meeting, user=StudentFactory(), at=meeting.starts_at)
    assert error.value.message == "You cannot join this meeting."


# --- Override and percentage ----------------------------------------------------------------


def test_an_admin_overrides_attendance_recording_who_and_when(invited):
    meeting, student = invited
    admin = AdminFactory()
    services.meeting_join(
        meeting=meeting, user=student, at=meeting.starts_at + timedelta(minutes=20)
    )
    services.attendance_mark(meeting=meeting, users=[student], status="excused", by=admin)
    row = Attendance.objects.get()
    assert (row.status, row.marked_by) == ("excused", admin)
    assert row.marked_at is not None
    assert row.joined_at is not None  # the click stays on record
    with pytest.raises(PermissionDeniedError):
        services.attendance_mark(meeting=meeting, users=[student], status="present", by=student)


def test_invited_students_who_never_joined_count_absent_after_the_end(invited):
    meeting, student = invited
    before = selectors.meeting_attendance(meeting=meeting, at=meeting.starts_at)
    after = selectors.meeting_attendance(meeting=meeting, at=meeting.ends_at)
    assert [line.status for line in before] == [""]
    assert [line.status for line in after] == ["absent"]
    assert not Attendance.objects.exists()


def test_attendance_percentage_is_attended_over_invited():
    student, admin = StudentFactory(), AdminFactory()
    past = timezone.now() - timedelta(days=10)
    meetings = [
        MeetingFactory(
            starts_at=past + timedelta(days=i),
            ends_at=past + timedelta(days=i, hours=1),
            users=[student],
        )
        for i in range(5)
    ]
    services.attendance_mark(meeting=meetings[0], users=[student], status="present", by=admin)
    services.attendance_mark(meeting=meetings[1], users=[student], status="late", by=admin)
    services.attendance_mark(meeting=meetings[2], users=[student], status="excused", by=admin)
    # meetings[3] never joined: absent; meetings[4] cancelled: not counted
    services.meeting_cancel(meeting=meetings[4])
    MeetingFactory(users=[student])  # still to come: not counted
    rate = selectors.attendance_rate(user=student)
    assert (rate.attended, rate.invited, rate.percent) == (2, 3, 67)
    assert selectors.attendance_rate(user=StudentFactory()).percent is None


# --- Reminders ------------------------------------------------------------------------------


def test_each_reminder_is_sent_once_even_when_the_task_runs_again(
    settings, django_capture_on_commit_callbacks
):
    settings.LMS_MEETING_REMINDER_MINUTES = 30
    student = StudentFactory()
    now = timezone.now()
    soon = MeetingFactory(starts_at=now + timedelta(minutes=20), users=[student])
    MeetingFactory(starts_at=now + timedelta(minutes=40), users=[student])  # not yet
    with django_capture_on_commit_callbacks(execute=True):
        assert services.meeting_reminders_send(at=now) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.meeting_reminders_send(at=now + timedelta(minutes=1)) == 0
    assert [m.to for m in mail.outbox] == [[student.email]]
    assert soon.title in mail.outbox[0].subject
    soon.refresh_from_db()
    assert soon.reminded_at == now


# --- Series ---------------------------------------------------------------------------------


def test_a_weekly_series_is_made_ahead_and_occurrences_move_on_their_own(settings):
    settings.LMS_MEETING_SERIES_HORIZON_WEEKS = 4
    student = StudentFactory()
    first = _schedule(users=[student], repeat_weekly_until=timezone.now() + timedelta(weeks=20))
    occurrences = list(first.series.meetings.order_by("starts_at"))
    assert len(occurrences) == 4  # the first and the weeks up to the horizon
    assert occurrences[1].starts_at - first.starts_at == timedelta(weeks=1)
    assert list(occurrences[2].users.all()) == [student]
    moved = services.meeting_move(
        meeting=occurrences[1],
        starts_at=occurrences[1].starts_at + timedelta(hours=2),
        ends_at=occurrences[1].ends_at + timedelta(hours=2),
    )
    services.meeting_cancel(meeting=occurrences[2])
    made = services.meeting_series_extend(at=timezone.now() + timedelta(weeks=2))
    assert made == 2
    again = list(first.series.meetings.order_by("starts_at"))
    assert again[1].starts_at == moved.starts_at
    assert again[2].cancelled_at is not None
    assert again[-1].starts_at - first.starts_at == timedelta(weeks=5)
