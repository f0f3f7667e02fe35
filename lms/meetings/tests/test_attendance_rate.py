"""The attendance rate counted from the person's invitations (lms/meetings/selectors.py
`_invited_meeting_ids`) agrees with the person's list of meetings for every kind of
invitation."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lms.accounts.models import CohortMembership
from lms.accounts.tests.factories import CohortFactory, StudentFactory
from lms.catalog.tests.factories import CourseFactory
from lms.learning.models import EnrollmentStatus
from lms.learning.tests.factories import EnrollmentFactory
from lms.meetings.models import ATTENDED_STATUSES, Attendance, AttendanceStatus, Meeting
from lms.meetings.selectors import attendance_rate, meetings_for_user
from lms.meetings.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def by_the_list(user, at) -> tuple[int, int]:
    """The rule counted in Python over `meetings_for_user`: (attended, invited)."""
    ended = meetings_for_user(user=user).filter(ends_at__lte=at, cancelled_at__isnull=True)
    statuses = dict(
        Attendance.objects.filter(user=user, meeting__in=ended).values_list("meeting_id", "status")
    )
    counted = [statuses.get(pk) for pk in ended.values_list("pk", flat=True)]
    attended = sum(status in ATTENDED_STATUSES for status in counted)
    return attended, len(counted) - counted.count(AttendanceStatus.EXCUSED)


def past(**kwargs):
    start = timezone.now() - timedelta(days=2)
    return MeetingFactory(starts_at=start, ends_at=start + timedelta(hours=1), **kwargs)


def test_the_rate_counts_each_kind_of_invitation_once(client):
    """Named, by group and by course (one meeting through all three counts once); not a
    cancelled meeting, an excused one, a course whose enrollment was revoked nor a future
    one; a group left after attending no longer counts. The same meetings as the person's
    list of meetings (`meetings_for_user`), on the API too."""
    me, other = StudentFactory(), StudentFactory()
    group, old_group = CohortFactory(), CohortFactory()
    CohortMembership.objects.create(cohort=group, user=me)
    CohortMembership.objects.create(cohort=group, user=other)
    course, revoked_course = CourseFactory(), CourseFactory()
    EnrollmentFactory(user=me, course=course)
    EnrollmentFactory(user=me, course=revoked_course, status=EnrollmentStatus.REVOKED)
    named = past(users=[me])
    by_group = past(cohorts=[group])
    by_course = past(courses=[course])
    all_three = past(users=[me], cohorts=[group], courses=[course])  # counted once
    cancelled = past(users=[me])
    Meeting.objects.filter(pk=cancelled.pk).update(cancelled_at=timezone.now())
    excused = past(cohorts=[group])
    revoked = past(courses=[revoked_course])  # not invited any more
    left_group = past(cohorts=[old_group])  # attended, then removed
    past(users=[other])  # someone else's
    future = MeetingFactory(users=[me])
    for meeting, status in [
        (named, AttendanceStatus.PRESENT),
        (by_group, AttendanceStatus.LATE),
        (all_three, AttendanceStatus.PRESENT),
        (cancelled, AttendanceStatus.PRESENT),
        (excused, AttendanceStatus.EXCUSED),
        (revoked, AttendanceStatus.PRESENT),
        (left_group, AttendanceStatus.PRESENT),
        (future, AttendanceStatus.PRESENT),
    ]:
        Attendance.objects.create(meeting=meeting, user=me, status=status)
    Attendance.objects.create(meeting=by_course, user=other, status=AttendanceStatus.PRESENT)
    now = timezone.now()
    rate = attendance_rate(user=me, at=now)
    assert (rate.attended, rate.invited) == by_the_list(me, now) == (3, 4)
    for person in (other, StudentFactory()):
        r = attendance_rate(user=person, at=now)
        assert (r.attended, r.invited) == by_the_list(person, now)
    client.force_login(me)
    assert client.get(reverse("api:my-dashboard")).json()["attendance"]["percent"] == 75
