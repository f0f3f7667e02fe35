"""bench_generate_activity at a tiny size: the rows of every dashboard panel are written, the
generated students' dashboards are full, the running totals agree with the ledger, and the
command refuses a database without generated students or with activity already."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum
from django.utils import timezone

from lms.accounts.models import CohortMembership, Role, User
from lms.accounts.tests.factories import StudentFactory
from lms.assessments.models import Assessment
from lms.assignments.models import Assignment, DailyEntry, Submission
from lms.catalog.models import Course, CourseStatus, TaskKind
from lms.certificates.models import Certificate
from lms.dashboard.selectors import student_dashboard_get
from lms.gamification.models import BadgeAward, PointsEntry, PointsTotal
from lms.learning.models import Enrollment, EnrollmentStatus
from lms.meetings.models import Attendance, Meeting
from lms.notifications.models import Notification

pytestmark = pytest.mark.django_db

TINY_ACADEMY = dict(
    size="demo",
    students=12,
    instructors=2,
    courses=4,
    enrollments_per_student=3,
    modules_per_course=2,
    lessons_per_module=2,
    tasks_per_lesson=2,
    completion_share=0.6,
)


def generate(**options) -> str:
    out = io.StringIO()
    call_command("bench_generate_activity", size="demo", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def academy():
    call_command("bench_generate_data", stdout=io.StringIO(), **TINY_ACADEMY)
    return list(User.objects.filter(role=Role.STUDENT).order_by("pk"))


def totals_by_person() -> dict[int, int]:
    return dict(
        PointsTotal.objects.filter(period="all", course__isnull=True).values_list(
            "user_id", "points"
        )
    )


def ledger_by_person() -> dict[int, int]:
    return dict(
        PointsEntry.objects.values("user_id")
        .annotate(total=Sum("points"))
        .values_list("user_id", "total")
    )


def test_writes_every_panels_rows(academy):
    output = generate()

    students = len(academy)
    assert "Generated" in output
    assert PointsEntry.objects.count() == 40 * students
    assert Notification.objects.count() == 20 * students
    assert Notification.objects.filter(read_at__isnull=True).exists()
    assert Notification.objects.filter(read_at__isnull=False).exists()
    assert CohortMembership.objects.count() == students  # everyone in one group
    now = timezone.now()
    assert Meeting.objects.filter(ends_at__lte=now).exists()
    assert Meeting.objects.filter(starts_at__gt=now).exists()
    assert Meeting.objects.filter(courses__isnull=False).exists()
    assert Meeting.objects.filter(cohorts__isnull=False).exists()
    assert Attendance.objects.exists()
    assert not Attendance.objects.filter(meeting__ends_at__gt=now).exists()
    published = Course.objects.filter(status=CourseStatus.PUBLISHED).count()
    assert Assignment.objects.count() == 3 * published
    assert Submission.objects.filter(reviewed_at__isnull=False).exists()
    assert DailyEntry.objects.exists()
    assert BadgeAward.objects.exists()
    exams = Assessment.objects.select_related("task")
    assert exams.count() == published
    assert {exam.task.kind for exam in exams} == {TaskKind.EXAM}
    completed = Enrollment.objects.filter(status=EnrollmentStatus.COMPLETED)
    assert completed.exists()
    assert set(Certificate.objects.values_list("enrollment_id", flat=True)) == set(
        completed.values_list("pk", flat=True)
    )
    assert len(set(Certificate.objects.values_list("serial", flat=True))) == completed.count()


def test_running_totals_agree_with_the_ledger(academy):
    generate()

    assert totals_by_person() == ledger_by_person()
    assert len(totals_by_person()) == len(academy)


def test_generated_students_dashboards_are_full(academy):
    generate()

    dashboards = [student_dashboard_get(user=student) for student in academy]
    for dashboard in dashboards:
        assert dashboard.courses
        assert dashboard.attendance["invited"] > 0
        assert dashboard.upcoming_meetings  # at least their group's weekly call
        assert dashboard.standing["points"] > 0
        assert dashboard.standing["rank"] is not None
        assert len(dashboard.notifications["items"]) == 5
    assert any(
        d.streak["current"]
        and d.pending_assignments["count"]
        and d.pending_assessments["count"]
        and d.standing["badges"]
        and d.notifications["unread"]
        and d.certificates
        and d.attendance["attended"]
        for d in dashboards
    )


def test_reproducible_by_seed(academy):
    generate(seed=4)
    first = list(Notification.objects.order_by("pk").values_list("user_id", "kind", "read_at"))
    ledger = list(PointsEntry.objects.order_by("pk").values_list("user_id", "points"))
    Notification.objects.all().delete()
    PointsEntry.objects.all().delete()
    for model in (BadgeAward, Attendance, Submission, DailyEntry, Certificate):
        model.objects.all().delete()
    Meeting.objects.all().delete()
    Assessment.objects.all().delete()
    Assignment.target_courses.through.objects.all().delete()
    Assignment.objects.all().delete()
    CohortMembership.objects.all().delete()

    generate(seed=4)

    again = list(Notification.objects.order_by("pk").values_list("user_id", "kind", "read_at"))
    assert [(user, kind, read is None) for user, kind, read in again] == [
        (user, kind, read is None) for user, kind, read in first
    ]
    assert list(PointsEntry.objects.order_by("pk").values_list("user_id", "points")) == ledger


def test_refuses_a_database_without_generated_students():
    StudentFactory()

    with pytest.raises(CommandError, match="bench_generate_data first"):
        generate()
    assert not Notification.objects.exists()


def test_refuses_a_database_with_activity_unless_forced(academy):
    Notification.objects.create(user=academy[0], kind="enrolled", title="Welcome")

    with pytest.raises(CommandError, match="already has activity"):
        generate()
    assert Notification.objects.count() == 1

    generate(force=True)
    assert Notification.objects.count() == 1 + 20 * len(academy)


def test_forced_second_run_adds_without_breaking_constraints(academy):
    generate()
    certificates = Certificate.objects.count()

    generate(force=True)

    assert PointsEntry.objects.count() == 2 * 40 * len(academy)
    assert Certificate.objects.count() == certificates  # one per enrollment, kept
    assert totals_by_person() == ledger_by_person()
