"""The console's reports. Each is a header and rows computed with a fixed number of
aggregate queries whatever the size, scoped to `course_ids` (None: the academy, for admins;
a list: an instructor's courses) and narrowed by `Filters`. Rows are plain values (text,
numbers, dates) ready for a table, a CSV or an XLSX sheet."""

from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import date, datetime, time

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.accounts.models import Cohort
from lms.assessments.models import Attempt, AttemptStatus
from lms.assignments.models import Submission
from lms.catalog.models import Course, Task
from lms.learning.grading import counted_kinds
from lms.learning.models import ACCESS_STATUSES, Enrollment, EnrollmentStatus, TaskCompletion
from lms.meetings.models import Meeting
from lms.meetings.stats import attendance_by_meeting

NO_GROUP = "—"


@dataclass(frozen=True)
class Filters:
    course: int | None = None
    cohort: int | None = None
    date_from: date | None = None
    date_to: date | None = None

    def as_json(self) -> dict:
        return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(self).items()}

    @classmethod
    def from_json(cls, data: dict) -> "Filters":
        dates = {
            key: date.fromisoformat(data[key]) if data.get(key) else None
            for key in ("date_from", "date_to")
        }
        return cls(course=data.get("course"), cohort=data.get("cohort"), **dates)

    def window(self) -> tuple[datetime | None, datetime | None]:
        """The dates as instants in the academy's time zone (`date_to` included)."""
        zone = timezone.get_current_timezone()
        start = datetime.combine(self.date_from, time.min, zone) if self.date_from else None
        end = datetime.combine(self.date_to, time.max, zone) if self.date_to else None
        return start, end


@dataclass(frozen=True)
class Report:
    slug: str
    title: str
    description: str
    columns: list
    uses: tuple  # which filters apply
    build: Callable[[Filters, list[int] | None], tuple[int, Iterator[list]]]


def _courses(course_ids: list[int] | None, filters: Filters) -> QuerySet[Course]:
    courses = Course.objects.all()
    if course_ids is not None:
        courses = courses.filter(pk__in=course_ids)
    if filters.course:
        courses = courses.filter(pk=filters.course)
    return courses


def _in_window(queryset: QuerySet, field: str, filters: Filters) -> QuerySet:
    start, end = filters.window()
    if start:
        queryset = queryset.filter(**{f"{field}__gte": start})
    if end:
        queryset = queryset.filter(**{f"{field}__lte": end})
    return queryset


def _percent(part, whole) -> float | None:
    return round(100 * float(part) / float(whole), 1) if whole else None


# --- Student progress: one row per enrollment ------------------------------------------------


def _progress(filters: Filters, course_ids: list[int] | None):
    enrollments = Enrollment.objects.filter(
        status__in=ACCESS_STATUSES, course__in=_courses(course_ids, filters)
    )
    if filters.cohort:
        enrollments = enrollments.filter(user__cohort_memberships__cohort_id=filters.cohort)
    enrollments = _in_window(enrollments, "enrolled_at", filters).order_by("course_id", "user_id")
    total = enrollments.count()

    def rows() -> Iterator[list]:
        counted = counted_kinds()
        course_totals = dict(
            Task.objects.filter(
                lesson__module__course_id__in=enrollments.values("course_id"), kind__in=counted
            )
            .values("lesson__module__course_id")
            .annotate(n=Count("pk"))
            .order_by()
            .values_list("lesson__module__course_id", "n")
        )
        done = {
            (user_id, course_id): n
            for user_id, course_id, n in TaskCompletion.objects.filter(
                user_id__in=enrollments.values("user_id"),
                task__lesson__module__course_id__in=enrollments.values("course_id"),
                task__kind__in=counted,
            )
            .values("user_id", "task__lesson__module__course_id")
            .annotate(n=Count("pk"))
            .order_by()
            .values_list("user_id", "task__lesson__module__course_id", "n")
        }
        for row in enrollments.values(
            "user_id",
            "user__full_name",
            "user__email",
            "course_id",
            "course__title",
            "status",
            "enrolled_at",
            "completed_at",
        ).iterator(chunk_size=2000):
            tasks = course_totals.get(row["course_id"], 0)
            finished = done.get((row["user_id"], row["course_id"]), 0)
            yield [
                row["user__full_name"],
                row["user__email"],
                row["course__title"],
                row["status"],
                timezone.localtime(row["enrolled_at"]).date(),
                finished,
                tasks,
                _percent(finished, tasks) or 0,
                timezone.localtime(row["completed_at"]).date() if row["completed_at"] else None,
            ]

    return total, rows()


# --- Course completion: one row per course ---------------------------------------------------


def _completion(filters: Filters, course_ids: list[int] | None):
    courses = _courses(course_ids, filters).order_by("title", "pk")
    enrolled = Q(enrollments__status__in=ACCESS_STATUSES)
    start, end = filters.window()
    if start:
        enrolled &= Q(enrollments__enrolled_at__gte=start)
    if end:
        enrolled &= Q(enrollments__enrolled_at__lte=end)
    if filters.cohort:
        enrolled &= Q(enrollments__user__cohort_memberships__cohort_id=filters.cohort)
    completed = enrolled & Q(enrollments__status=EnrollmentStatus.COMPLETED)
    total = courses.count()

    def rows() -> Iterator[list]:
        for row in courses.values("title", "status").annotate(
            enrolled=Count("enrollments", filter=enrolled, distinct=True),
            completed=Count("enrollments", filter=completed, distinct=True),
        ):
            yield [
                row["title"],
                row["status"],
                row["enrolled"],
                row["completed"],
                _percent(row["completed"], row["enrolled"]),
            ]

    return total, rows()


# --- Attendance: one row per ended meeting ---------------------------------------------------


def _attendance(filters: Filters, course_ids: list[int] | None):
    meetings = Meeting.objects.filter(ends_at__lte=timezone.now(), cancelled_at__isnull=True)
    if course_ids is not None or filters.course:
        meetings = meetings.filter(courses__in=_courses(course_ids, filters)).distinct()
    if filters.cohort:
        meetings = meetings.filter(cohorts=filters.cohort).distinct()
    meetings = _in_window(meetings, "starts_at", filters).order_by("starts_at", "pk")
    total = meetings.count()

    def rows() -> Iterator[list]:
        figures = attendance_by_meeting(meetings)
        for row in meetings.values("pk", "title", "kind", "starts_at"):
            figure = figures[row["pk"]]
            yield [
                row["title"],
                row["kind"],
                timezone.localtime(row["starts_at"]).replace(tzinfo=None),
                figure.expected,
                figure.attended,
                figure.percent,
            ]

    return total, rows()


# --- Performance: scores by course and group -------------------------------------------------


def _performance(filters: Filters, course_ids: list[int] | None):
    courses = _courses(course_ids, filters)
    attempts = _in_window(
        Attempt.objects.filter(
            status=AttemptStatus.SUBMITTED, assessment__course__in=courses, percent__isnull=False
        ),
        "submitted_at",
        filters,
    )
    marked = _in_window(
        Submission.objects.filter(
            is_latest=True,
            reviewed_at__isnull=False,
            marks__isnull=False,
            assignment__course__in=courses,
        ),
        "submitted_at",
        filters,
    )
    cohort_path = "user__cohort_memberships__cohort_id"
    if filters.cohort:
        attempts = attempts.filter(**{cohort_path: filters.cohort})
        marked = marked.filter(**{cohort_path: filters.cohort})
    quiz = {
        (row["assessment__course_id"], row[cohort_path]): row
        for row in attempts.values("assessment__course_id", cohort_path)
        .annotate(
            attempts=Count("pk"),
            average=Avg("percent"),
            passed=Count("pk", filter=Q(passed=True)),
        )
        .order_by()
    }
    work = {
        (row["assignment__course_id"], row[cohort_path]): row
        for row in marked.values("assignment__course_id", cohort_path)
        .annotate(submissions=Count("pk"), marks=Avg("marks"), out_of=Avg("assignment__max_marks"))
        .order_by()
    }
    keys = sorted(set(quiz) | set(work), key=lambda key: (key[0], key[1] or 0))
    titles = dict(Course.objects.filter(pk__in={k[0] for k in keys}).values_list("pk", "title"))
    groups = dict(
        Cohort.objects.filter(pk__in={k[1] for k in keys if k[1]}).values_list("pk", "name")
    )

    def rows() -> Iterator[list]:
        for key in keys:
            scores, marks = quiz.get(key, {}), work.get(key, {})
            yield [
                titles[key[0]],
                groups.get(key[1], NO_GROUP),
                scores.get("attempts", 0),
                round(float(scores["average"]), 1) if scores.get("average") is not None else None,
                _percent(scores.get("passed", 0), scores.get("attempts", 0)),
                marks.get("submissions", 0),
                _percent(marks["marks"], marks["out_of"]) if marks.get("out_of") else None,
            ]

    return len(keys), rows()


REPORTS = {
    report.slug: report
    for report in (
        Report(
            "progress",
            _("Student progress"),
            _("Each enrollment with the roadmap tasks done (the tasks that count)."),
            [
                _("Student"),
                _("Email"),
                _("Course"),
                _("Status"),
                _("Enrolled"),
                _("Tasks done"),
                _("Tasks"),
                _("Progress %"),
                _("Completed"),
            ],
            ("course", "cohort", "date_from", "date_to"),
            _progress,
        ),
        Report(
            "completion",
            _("Course completion"),
            _("Per course: enrollments with access, completions and the completion rate."),
            [_("Course"), _("Status"), _("Enrolled"), _("Completed"), _("Completion %")],
            ("course", "cohort", "date_from", "date_to"),
            _completion,
        ),
        Report(
            "attendance",
            _("Attendance"),
            _(
                "Per ended meeting: invitees not excused, those who attended (present or "
                "late) and the rate."
            ),
            [_("Meeting"), _("Kind"), _("Starts"), _("Expected"), _("Attended"), _("Rate %")],
            ("course", "cohort", "date_from", "date_to"),
            _attendance,
        ),
        Report(
            "performance",
            _("Performance"),
            _(
                "Quiz and exam scores and assignment marks by course and group (a student in "
                "two groups counts in both)."
            ),
            [
                _("Course"),
                _("Group"),
                _("Attempts"),
                _("Average score %"),
                _("Pass rate %"),
                _("Marked submissions"),
                _("Average marks %"),
            ],
            ("course", "cohort", "date_from", "date_to"),
            _performance,
        ),
    )
}


def report_rows(*, slug: str, filters: Filters, course_ids: list[int] | None):
    """(row count, rows) of a report; KeyError for an unknown one."""
    return REPORTS[slug].build(filters, course_ids)
