"""The console dashboard: its figures from live data, its cost (constant at 10 and 1,000
students), and an instructor's view scoped to their courses (no academy revenue)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from admin_ext.dashboard import dashboard_figures
from lms.accounts.models import Role, User
from lms.accounts.tests.factories import InstructorFactory
from lms.assignments.tests.factories import AssignmentFactory, SubmissionFactory
from lms.catalog.models import CourseStatus
from lms.catalog.services import course_instructors_set
from lms.catalog.tests.factories import CourseFactory, InstructorApplicationFactory
from lms.commerce.models import OrderStatus
from lms.commerce.tests.factories import OrderFactory
from lms.community.models import Flag
from lms.community.tests.factories import answer_to, question_in
from lms.learning.models import Enrollment, EnrollmentSource, EnrollmentStatus
from lms.meetings.models import Attendance, AttendanceStatus
from lms.meetings.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def students_in(course, count: int, *, prefix: str) -> list[User]:
    """`count` students enrolled in `course`, written in bulk (the size tests need 1,000)."""
    users = User.objects.bulk_create(
        User(email=f"{prefix}{n}@example.com", full_name=f"{prefix} {n}", role=Role.STUDENT)
        for n in range(count)
    )
    users = list(User.objects.filter(email__startswith=prefix))
    Enrollment.objects.bulk_create(
        Enrollment(user=user, course=course, source=EnrollmentSource.FREE) for user in users
    )
    return users


def ended_meeting(course, **fields):
    start = timezone.now() - timedelta(days=1)
    return MeetingFactory(
        courses=[course], starts_at=start, ends_at=start + timedelta(hours=1), **fields
    )


def test_figures_come_from_live_data(admin_user):
    course = CourseFactory()
    CourseFactory(status=CourseStatus.IN_REVIEW)
    present, absent, excused = students_in(course, 3, prefix="fig")
    Enrollment.objects.filter(user=present).update(
        status=EnrollmentStatus.COMPLETED, completed_at=timezone.now()
    )
    User.objects.filter(pk=present.pk).update(last_login=timezone.now())
    meeting = ended_meeting(course)
    Attendance.objects.create(meeting=meeting, user=present, status=AttendanceStatus.PRESENT)
    Attendance.objects.create(meeting=meeting, user=excused, status=AttendanceStatus.EXCUSED)
    OrderFactory(amount=Decimal("100.00"), currency="INR", paid_at=timezone.now())
    OrderFactory(amount=Decimal("20.00"), currency="USD", paid_at=timezone.now())
    OrderFactory(
        amount=Decimal("50.00"),
        currency="INR",
        status=OrderStatus.REFUNDED,
        paid_at=timezone.now(),
        refunded_at=timezone.now(),
    )
    InstructorApplicationFactory()
    SubmissionFactory(assignment=AssignmentFactory(course=course), user=absent)
    question = question_in(course)
    Flag.objects.create(post=answer_to(question), user=absent, reason="spam")

    figures = dashboard_figures(admin_user)

    assert figures["enrollments"]["enrollments"] == 3
    assert figures["enrollments"]["completions"] == 1
    assert figures["active_students"] == 1
    assert figures["courses"]["in_review"] == 1
    overall = figures["attendance"]["overall"]
    assert (overall.attended, overall.expected, overall.percent) == (1, 2, 50)
    assert figures["attendance"]["by_week"][-1]["figure"].expected in (0, 2)
    revenue = {row.currency: row for row in figures["revenue"]}
    assert revenue["INR"].net == Decimal("100.00") and revenue["INR"].net_this_month == Decimal(
        "100.00"
    )
    assert revenue["USD"].net == Decimal("20.00")
    assert figures["instructor_applications"] == 1
    assert figures["submissions_to_mark"] == 1
    assert figures["flagged_posts"] == 1
    this_month = figures["enrollments_by_month"][-1]
    assert this_month["completed"] == 1


def _cold_page_queries(client) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("admin:index")).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["admin", "instructor"])
def test_cost_is_the_same_at_10_and_1000_students(client, admin_user, role):
    course = CourseFactory()
    person = admin_user
    if role == "instructor":
        person = InstructorFactory()
        course_instructors_set(course=course, instructors=[person], acting_user=admin_user)
    client.force_login(person)
    meeting = ended_meeting(course)
    few = students_in(course, 10, prefix="few")
    Attendance.objects.create(meeting=meeting, user=few[0], status=AttendanceStatus.LATE)
    client.get(reverse("admin:index"))  # fills the process's caches (content types)
    small = _cold_page_queries(client)
    many = students_in(course, 990, prefix="many")
    Attendance.objects.bulk_create(
        Attendance(meeting=ended_meeting(course), user=user, status=AttendanceStatus.PRESENT)
        for user in many[:50]
    )
    large = _cold_page_queries(client)
    assert small == large
    # The request's own (session, user, history, the three one-row settings: site content,
    # mentor, level curve) and the figures' aggregates.
    assert large <= {"admin": 23, "instructor": 17}[role]
    with CaptureQueriesContext(connection) as warm:
        client.get(reverse("admin:index"))
    assert len(warm) < large - 10  # the figures came from the cache


def test_the_page_shows_cards_queues_and_charts(client, admin_user):
    client.force_login(admin_user)
    html = client.get(reverse("admin:index")).content.decode()
    for part in ("dashboard-cards", "dashboard-queues", "dashboard-charts"):
        assert f'data-testid="{part}"' in html
    assert "Revenue" in html and "Instructor applications" in html
    assert 'class="chart"' in html and "unfold/js/chart/chart.js" in html


def test_an_instructor_sees_only_their_courses_and_no_revenue(client, admin_user):
    instructor = InstructorFactory()
    mine, other = CourseFactory(), CourseFactory()
    course_instructors_set(course=mine, instructors=[instructor], acting_user=admin_user)
    students_in(mine, 2, prefix="mine")
    students_in(other, 5, prefix="other")
    OrderFactory(amount=Decimal("999.00"), course=mine, paid_at=timezone.now())
    SubmissionFactory(assignment=AssignmentFactory(course=other))

    figures = dashboard_figures(instructor)
    assert figures["enrollments"]["enrollments"] == 2
    assert figures["students"] == 2
    assert figures["submissions_to_mark"] == 0
    assert "revenue" not in figures and "people" not in figures

    client.force_login(instructor)
    html = client.get(reverse("admin:index")).content.decode()
    assert "Your courses only" in html
    assert "Revenue" not in html and "999" not in html
    assert "Instructor applications" not in html


def test_a_persons_page_shows_their_learning(client, admin_user):
    from lms.assignments.tests.factories import SubmissionFactory as Submitted
    from lms.learning.tests.factories import EnrollmentFactory

    student = InstructorFactory.__base__(full_name="Meera Iyer")  # a plain user (a student)
    course = CourseFactory(title="Python basics")
    EnrollmentFactory(user=student, course=course)
    Submitted(user=student, assignment=AssignmentFactory(course=course, title="CLI tool"))
    meeting = ended_meeting(course)
    Attendance.objects.create(meeting=meeting, user=student, status=AttendanceStatus.LATE)
    client.force_login(admin_user)
    change = client.get(reverse("admin:accounts_user_change", args=[student.pk])).content.decode()
    assert "overview-link" in change
    html = client.get(reverse("admin:accounts_user_overview", args=[student.pk])).content.decode()
    assert "Meera Iyer" in html and "Python basics" in html and "CLI tool" in html
    assert 'data-testid="person-attendance">100%' in html


def test_a_persons_page_shows_points_history_and_certificates(client, admin_user):
    from lms.certificates.models import Certificate
    from lms.certificates.tests.factories import completed_enrollment
    from lms.gamification.services.adjustments import points_adjust
    from lms.gamification.tests.factories import PointsEntryFactory

    student = InstructorFactory.__base__(full_name="Meera Iyer")  # a plain user (a student)
    PointsEntryFactory(user=student, points=40, reason="Attended the kick-off")
    points_adjust(user=student, points=-5, reason="Hackathon penalty", by=admin_user)
    PointsEntryFactory(user=InstructorFactory.__base__(), points=99, reason="Someone else")
    enrollment = completed_enrollment(user=student)
    certificate = Certificate.objects.create(
        enrollment=enrollment,
        user=student,
        course=enrollment.course,
        recipient_name="Meera Iyer",
        course_title="SQL from zero",
        completed_on=timezone.localdate(),
    )
    client.force_login(admin_user)
    url = reverse("admin:accounts_user_overview", args=[student.pk])
    client.get(url)  # the course outlines, cached from then on
    with CaptureQueriesContext(connection) as small:
        html = client.get(url).content.decode()
    assert 'data-testid="person-points-total">35<' in html
    assert "Attended the kick-off" in html and "Hackathon penalty" in html and "-5" in html
    assert "Someone else" not in html
    assert reverse("admin:gamification_pointsentry_person", args=[student.pk]) in html
    assert certificate.serial in html and "SQL from zero" in html

    for number in range(30):
        PointsEntryFactory(user=student, points=1, reason=f"Lesson {number}")
    # Courses made on the way move the catalog version on: the outlines are read again once.
    client.get(url)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)
