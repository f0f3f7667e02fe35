"""The student's dashboard (`/app/` and GET /api/v1/me/dashboard/): numbers from live data,
empty states for a new student, and a cost that does not grow with the data."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from lms.accounts.models import Role, User
from lms.accounts.tests.factories import StudentFactory
from lms.assessments.models import Attempt, AttemptStatus
from lms.assessments.tests.factories import quiz_course
from lms.assignments.models import LatePolicy
from lms.assignments.selectors import local_today
from lms.assignments.tests.factories import (
    AssignmentFactory,
    DailyEntryFactory,
    SubmissionFactory,
)
from lms.catalog.tests.factories import CourseFactory
from lms.certificates.models import Certificate
from lms.certificates.tests.factories import completed_enrollment
from lms.dashboard.cache import person_changed
from lms.dashboard.selectors import student_dashboard_get
from lms.gamification.models import BadgeAward, PointsEntry, SourceKind
from lms.gamification.services.ledger import ledger_add
from lms.gamification.tests.factories import BadgeFactory
from lms.learning.models import Enrollment, EnrollmentSource
from lms.learning.tests.factories import EnrollmentFactory
from lms.meetings.models import Attendance, AttendanceStatus
from lms.meetings.tests.factories import MeetingFactory
from lms.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def student():
    return StudentFactory()


def past_meeting(course, days_ago: int = 1):
    start = timezone.now() - dt.timedelta(days=days_ago)
    return MeetingFactory(courses=[course], starts_at=start, ends_at=start + dt.timedelta(hours=1))


def fill(student, course, *, size: int, prefix: str) -> None:
    """`size` other students in the course with points, and as many of the student's own
    meetings, assignments, daily entries, points, notifications, badges and certificates
    (bulk where the numbers are large)."""
    User.objects.bulk_create(
        User(email=f"{prefix}{n}@example.com", role=Role.STUDENT) for n in range(size)
    )
    Enrollment.objects.bulk_create(
        Enrollment(user=user, course=course, source=EnrollmentSource.FREE)
        for user in User.objects.filter(email__startswith=prefix)
    )
    for number in range(min(size, 30)):
        meeting = past_meeting(course, days_ago=number + 1)
        Attendance.objects.create(meeting=meeting, user=student, status=AttendanceStatus.PRESENT)
        MeetingFactory(courses=[course], title=f"{prefix} upcoming {number}")
    today = local_today(user=student)
    for number in range(min(size, 30)):
        DailyEntryFactory(user=student, local_date=today - dt.timedelta(days=number))
    ledger_add(
        [
            PointsEntry(user=user, source_kind=SourceKind.MANUAL, points=n % 50, reason="Fill")
            for n, user in enumerate(User.objects.filter(email__startswith=prefix))
        ]
    )
    ledger_add(
        [
            PointsEntry(user=student, source_kind=SourceKind.MANUAL, points=1, reason="Fill")
            for _ in range(size)
        ]
    )
    Notification.objects.bulk_create(
        Notification(user=student, kind="enrolled", title=f"News {n}") for n in range(size)
    )
    for number in range(min(size, 8)):
        BadgeAward.objects.create(badge=BadgeFactory(), user=student)
        enrollment = completed_enrollment(user=student)
        Certificate.objects.create(
            enrollment=enrollment,
            user=student,
            course=enrollment.course,
            recipient_name="Student",
            course_title=f"Course {number}",
            completed_on=today,
        )


def test_a_new_student_sees_guidance_and_zeros(client, student):
    client.force_login(student)
    html = client.get(reverse("student_pwa:home")).content.decode()
    assert "You have not joined a course yet" in html
    assert "No meetings scheduled" in html and "Nothing to hand in" in html
    assert "No quiz is waiting for you" in html and "No meetings yet" in html
    data = client.get(reverse("api:my-dashboard")).json()
    assert data["courses"] == [] and data["upcoming_meetings"] == []
    assert data["attendance"] == {"attended": 0, "invited": 0, "percent": None}
    assert data["streak"] == {"current": 0, "longest": 0, "done_today": False}
    assert data["pending_assignments"] == {"count": 0, "items": []}
    assert data["pending_assessments"] == {"count": 0, "items": []}


def test_the_numbers_come_from_live_data(client, student):
    quiz = quiz_course(student=student)
    course = quiz.course
    attended, missed = past_meeting(course, 2), past_meeting(course, 3)
    Attendance.objects.create(meeting=attended, user=student, status=AttendanceStatus.LATE)
    assert missed  # no row: absent
    upcoming = MeetingFactory(courses=[course], title="Mock interview")
    MeetingFactory(courses=[CourseFactory()], title="Someone else's class")
    today = local_today(user=student)
    DailyEntryFactory(user=student, local_date=today - dt.timedelta(days=1))
    DailyEntryFactory(user=student, local_date=today - dt.timedelta(days=2))
    due = AssignmentFactory(course=course, title="Build a CLI")
    due.target_courses.set([course])
    handed_in = AssignmentFactory(course=course)
    handed_in.target_courses.set([course])
    SubmissionFactory(assignment=handed_in, user=student)
    closed = AssignmentFactory(
        course=course,
        late_policy=LatePolicy.CLOSE,
        due_at=timezone.now() - dt.timedelta(days=1),
    )
    closed.target_courses.set([course])

    board = student_dashboard_get(user=student)
    assert board.attendance == {"attended": 1, "invited": 2, "percent": 50}
    assert board.streak == {"current": 2, "longest": 2, "done_today": False}
    assert [m["title"] for m in board.upcoming_meetings] == [upcoming.title]
    assert board.pending_assignments["count"] == 1
    assert board.pending_assignments["items"][0]["title"] == "Build a CLI"
    assert board.pending_assessments["count"] == 1
    assert board.pending_assessments["items"][0]["task_id"] == quiz.quiz.pk
    assert board.courses[0]["course"]["slug"] == course.slug

    Attempt.objects.create(
        assessment=quiz.assessment,
        user=student,
        number=1,
        status=AttemptStatus.SUBMITTED,
        started_at=timezone.now(),
        submitted_at=timezone.now(),
    )
    assert student_dashboard_get(user=student).pending_assessments["count"] == 0

    client.force_login(student)
    data = client.get(reverse("api:my-dashboard")).json()
    assert data["attendance"]["percent"] == 50 and data["streak"]["current"] == 2
    assert data["pending_assignments"]["count"] == 1
    html = client.get(reverse("student_pwa:home")).content.decode()
    assert "50%" in html and "Build a CLI" in html and "Mock interview" in html


def test_other_students_data_is_not_counted(student):
    course = CourseFactory()
    EnrollmentFactory(user=student, course=course)
    other = StudentFactory()
    meeting = past_meeting(course)
    Attendance.objects.create(meeting=meeting, user=other, status=AttendanceStatus.PRESENT)
    DailyEntryFactory(user=other)
    board = student_dashboard_get(user=student)
    assert board.attendance["attended"] == 0 and board.attendance["invited"] == 1
    assert board.streak["current"] == 0


@pytest.mark.parametrize("size", [10, 1000])
def test_page_and_api_cost_the_same_at_any_size(client, student, django_assert_num_queries, size):
    course = CourseFactory()
    EnrollmentFactory(user=student, course=course)
    fill(student, course, size=size, prefix=f"s{size}-")
    for _number in range(min(size, 40) - 1):  # many courses: 10, then 40
        EnrollmentFactory(user=student, course=CourseFactory())
    for number in range(min(size, 12)):
        assignment = AssignmentFactory(course=course, title=f"Task {number}")
        assignment.target_courses.set([course])
    client.force_login(student)
    cache.clear()
    # session (the cache was just emptied), user with its verified email; courses: the
    # enrollments, their outlines (modules, lessons, tasks: cached from then on) and the
    # completions; attendance, streak, meetings, assignments, quizzes; board, level curve,
    # badges; notifications with their unread count; certificates
    with django_assert_num_queries(17):
        assert client.get(reverse("student_pwa:home")).status_code == 200
    with django_assert_num_queries(1):  # the person; the dashboard from the cache
        assert client.get(reverse("student_pwa:home")).status_code == 200
    # rebuilt when the person changes: the session and the outlines from the cache
    person_changed(student.pk)
    with django_assert_num_queries(13):
        assert client.get(reverse("student_pwa:home")).status_code == 200
    cache.clear()
    # session and user, courses (5), the panels (no onboarding check on the API)
    with django_assert_num_queries(17):
        data = client.get(reverse("api:my-dashboard")).json()
    person_changed(student.pk)
    with django_assert_num_queries(13):  # the session and the outlines from the cache
        client.get(reverse("api:my-dashboard"))
    assert data["pending_assignments"]["count"] == min(size, 12)
    assert data["attendance"]["percent"] == 100
    assert data["streak"]["current"] == min(size, 30)
    assert data["standing"]["points"] == size and data["standing"]["rank"] == 1
    assert data["standing"]["board_size"] == size + 1
    assert len(data["standing"]["badges"]) == min(size, 8)
    assert data["notifications"]["unread"] == size and len(data["notifications"]["items"]) == 5
    assert len(data["certificates"]) == 5
    assert len(data["courses"]) == 6  # the newest six of 10 or 40 (and the completed ones)
