"""Aggregates of the learning context for the console dashboard: enrollments and
completions (totals and per month) and active students. Each takes `course_ids`: None is
the whole academy, a list scopes to those courses (an instructor's)."""

from datetime import datetime, timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from lms.accounts.models import Role, User
from lms.learning.models import ACCESS_STATUSES, Enrollment, EnrollmentStatus, TaskCompletion

ACTIVE_DAYS = 7


def _enrollments(course_ids: list[int] | None):
    enrollments = Enrollment.objects.all()
    if course_ids is not None:
        enrollments = enrollments.filter(course_id__in=course_ids)
    return enrollments


def enrollment_summary_get(*, course_ids: list[int] | None = None, now: datetime | None = None):
    """Enrollments with access (active + completed), completions, and those of the last
    30 days: one aggregate query."""
    since = (now or timezone.now()) - timedelta(days=30)
    return _enrollments(course_ids).aggregate(
        enrollments=Count("pk", filter=Q(status__in=ACCESS_STATUSES)),
        completions=Count("pk", filter=Q(status=EnrollmentStatus.COMPLETED)),
        enrolled_last_30_days=Count(
            "pk", filter=Q(status__in=ACCESS_STATUSES, enrolled_at__gte=since)
        ),
        completed_last_30_days=Count(
            "pk", filter=Q(status=EnrollmentStatus.COMPLETED, completed_at__gte=since)
        ),
    )


def month_starts(*, months: int, now: datetime | None = None) -> list[datetime]:
    """The first instants of the last `months` months (this one included), oldest first, in
    the academy's time zone."""
    local = timezone.localtime(now or timezone.now())
    first = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    starts = [first]
    for _number in range(months - 1):
        previous = (starts[-1] - timedelta(days=1)).replace(day=1)
        starts.append(previous)
    return list(reversed(starts))


def enrollments_by_month(
    *, course_ids: list[int] | None = None, months: int = 12, now: datetime | None = None
) -> list[dict]:
    """New enrollments and completions per month for the last `months` months: two grouped
    queries."""
    starts = month_starts(months=months, now=now)
    enrolled = dict(
        _enrollments(course_ids)
        .filter(enrolled_at__gte=starts[0])
        .annotate(month=TruncMonth("enrolled_at"))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("month", "count")
    )
    completed = dict(
        _enrollments(course_ids)
        .filter(completed_at__gte=starts[0], status=EnrollmentStatus.COMPLETED)
        .annotate(month=TruncMonth("completed_at"))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("month", "count")
    )
    return [
        {
            "month": start.date(),
            "enrolled": _at(enrolled, start),
            "completed": _at(completed, start),
        }
        for start in starts
    ]


def _at(counts: dict, start: datetime) -> int:
    # TruncMonth gives aware datetimes (or dates on some backends): compare on the date.
    return sum(
        value
        for key, value in counts.items()
        if (key.date() if hasattr(key, "date") else key) == start.date()
    )


def active_students_count(
    *, course_ids: list[int] | None = None, days: int = ACTIVE_DAYS, now: datetime | None = None
) -> int:
    """Students (active accounts) who signed in or completed a roadmap task in the last
    `days` days; scoped: enrolled in one of `course_ids`, a task counted only in them. One
    query."""
    since = (now or timezone.now()) - timedelta(days=days)
    completions = TaskCompletion.objects.filter(user_id=OuterRef("pk"), completed_at__gte=since)
    students = User.objects.filter(role=Role.STUDENT, is_active=True)
    if course_ids is not None:
        completions = completions.filter(task__lesson__module__course_id__in=course_ids)
        students = students.filter(
            Exists(
                Enrollment.objects.filter(
                    user_id=OuterRef("pk"),
                    course_id__in=course_ids,
                    status__in=ACCESS_STATUSES,
                )
            )
        )
    return students.filter(Q(last_login__gte=since) | Q(Exists(completions))).count()


def students_count(*, course_ids: list[int]) -> int:
    """Distinct students with access to one of `course_ids` (one query)."""
    return (
        Enrollment.objects.filter(course_id__in=course_ids, status__in=ACCESS_STATUSES)
        .values("user_id")
        .distinct()
        .count()
    )
