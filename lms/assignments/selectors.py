"""Reads of the assignments context: who an assignment targets, a student's assignments with
their status, the review queue, daily entries, streaks and the heatmap."""

import datetime as dt
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Window
from django.http import Http404
from django.utils import timezone

from lms.accounts.models import User
from lms.accounts.permissions import is_admin, is_author
from lms.assignments.models import (
    Assignment,
    AssignmentAttachment,
    DailyEntry,
    LatePolicy,
    Submission,
    SubmissionFile,
)
from lms.core.prepared import PreparedValues
from lms.learning.models import ACCESS_STATUSES

# --- Targeting ----------------------------------------------------------------------------


def _targets(user: User | int) -> Q:
    """An assignment aims at `user` (a person or their id) through a course they study, a group they belong to, or
    by name. EXISTS subqueries: a student matching several targets gets each row once, and
    each subquery walks a unique (assignment, target) index of the M2M table."""
    through = Assignment.target_courses.through
    by_course = through.objects.filter(
        assignment_id=OuterRef("pk"),
        course__enrollments__user=user,
        course__enrollments__status__in=ACCESS_STATUSES,
    )
    by_cohort = Assignment.target_cohorts.through.objects.filter(
        assignment_id=OuterRef("pk"), cohort__memberships__user=user
    )
    by_name = Assignment.target_users.through.objects.filter(
        assignment_id=OuterRef("pk"), user=user
    )
    return Q(Exists(by_course)) | Q(Exists(by_cohort)) | Q(Exists(by_name))


def assignments_for_student(*, user: User) -> QuerySet[Assignment]:
    """The live (not archived) assignments that target `user`."""
    return Assignment.objects.filter(_targets(user), archived_at__isnull=True)


def assignment_targets_user(*, assignment: Assignment, user: User) -> bool:
    return assignments_for_student(user=user).filter(pk=assignment.pk).exists()


class AssignmentStatus(StrEnum):
    PENDING = "pending"
    SUBMITTED = "submitted"
    REVIEWED = "reviewed"


@dataclass(frozen=True)
class MyAssignment:
    assignment: Assignment
    submission: Submission | None  # the latest attempt

    @property
    def status(self) -> AssignmentStatus:
        if self.submission is None:
            return AssignmentStatus.PENDING
        if self.submission.is_reviewed:
            return AssignmentStatus.REVIEWED
        return AssignmentStatus.SUBMITTED

    @property
    def is_late(self) -> bool:
        return bool(self.submission and self.submission.is_late)

    @property
    def is_closed(self) -> bool:
        return assignment_is_closed(assignment=self.assignment)

    @property
    def can_submit(self) -> bool:
        return not self.is_closed and self.status != AssignmentStatus.REVIEWED

    @property
    def passed(self) -> bool:
        return bool(
            self.submission
            and self.submission.is_reviewed
            and self.submission.marks >= self.assignment.pass_marks
        )


def assignment_is_closed(*, assignment: Assignment, now: dt.datetime | None = None) -> bool:
    return (
        assignment.late_policy == LatePolicy.CLOSE and (now or timezone.now()) > assignment.due_at
    )


def _mine(user: User) -> Prefetch:
    return Prefetch(
        "submissions",
        queryset=Submission.objects.filter(user=user, is_latest=True).prefetch_related("files"),
        to_attr="mine",
    )


def my_assignments_list(*, user: User) -> list[MyAssignment]:
    """The student's assignments, soonest due first, each with its latest attempt: three
    queries whatever the number of assignments."""
    assignments = (
        assignments_for_student(user=user)
        .select_related("course")
        .prefetch_related(_mine(user), "attachments")
        .order_by("due_at", "pk")
    )
    return [MyAssignment(a, a.mine[0] if a.mine else None) for a in assignments]


def my_assignment_get(*, user: User, assignment_id: int) -> MyAssignment:
    """One targeted assignment with the student's latest attempt; 404 when not aimed at
    them (they should not learn it exists)."""
    assignment = (
        assignments_for_student(user=user)
        .select_related("course")
        .prefetch_related(_mine(user), "attachments")
        .filter(pk=assignment_id)
        .first()
    )
    if assignment is None:
        raise Http404
    return MyAssignment(assignment, assignment.mine[0] if assignment.mine else None)


def my_submission_get(*, user: User, submission_id: int) -> Submission:
    """A submission of the student's own; anybody else's is a 404."""
    submission = (
        Submission.objects.select_related("assignment")
        .prefetch_related("files")
        .filter(pk=submission_id, user=user)
        .first()
    )
    if submission is None:
        raise Http404
    return submission


def submission_history(*, user: User, assignment: Assignment) -> QuerySet[Submission]:
    return (
        Submission.objects.filter(user=user, assignment=assignment)
        .prefetch_related("files")
        .order_by("-attempt")
    )


# --- Staff --------------------------------------------------------------------------------


def assignments_for_staff(*, user: User) -> QuerySet[Assignment]:
    """Admins see every assignment; instructors those of the courses they teach."""
    if is_admin(user):
        return Assignment.objects.all()
    if is_author(user):
        return Assignment.objects.filter(course__instructors=user)
    return Assignment.objects.none()


def submissions_for_staff(*, user: User) -> QuerySet[Submission]:
    if is_admin(user):
        return Submission.objects.all()
    if is_author(user):
        return Submission.objects.filter(assignment__course__instructors=user)
    return Submission.objects.none()


def review_neighbours(
    *, queryset: QuerySet[Submission], submission: Submission
) -> tuple[int | None, int | None]:
    """The previous and next submission ids around `submission` in the queue's order
    (oldest first), for moving through the queue without going back to the list."""
    ids = list(queryset.order_by("submitted_at", "pk").values_list("pk", flat=True))
    if submission.pk not in ids:
        return None, None
    index = ids.index(submission.pk)
    previous = ids[index - 1] if index > 0 else None
    following = ids[index + 1] if index + 1 < len(ids) else None
    return previous, following


def submission_file_for_viewer(*, user: User, file_id: int) -> SubmissionFile:
    """A submitted file for its student, an admin, or an instructor of the course; 404 for
    anybody else."""
    files = SubmissionFile.objects.select_related("submission")
    allowed = files.filter(submission__user=user) if user.is_authenticated else files.none()
    staff = files.filter(submission__in=submissions_for_staff(user=user))
    found = (allowed | staff).filter(pk=file_id).first()
    if found is None:
        raise Http404
    return found


# --- Daily work ---------------------------------------------------------------------------


def local_today(*, user: User, now: dt.datetime | None = None) -> dt.date:
    """Today in the student's time zone."""
    try:
        zone = zoneinfo.ZoneInfo(user.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = dt.UTC
    return (now or timezone.now()).astimezone(zone).date()


def daily_entries(*, user: User) -> QuerySet[DailyEntry]:
    return DailyEntry.objects.filter(user=user).order_by("-local_date")


@dataclass(frozen=True)
class Streak:
    current: int
    longest: int


def streak_from_dates(dates: Iterable[dt.date], *, today: dt.date) -> Streak:
    """Consecutive calendar days. The current streak still counts when today has no entry
    yet but yesterday has (the student has until midnight)."""
    days = sorted(set(dates))
    longest = run = 0
    previous = None
    for day in days:
        run = run + 1 if previous is not None and day - previous == dt.timedelta(days=1) else 1
        longest = max(longest, run)
        previous = day
    current = 0
    if days and days[-1] >= today - dt.timedelta(days=1) and days[-1] <= today:
        current = 1
        for earlier, later in zip(reversed(days[:-1]), reversed(days[1:]), strict=True):
            if later - earlier != dt.timedelta(days=1):
                break
            current += 1
    return Streak(current=current, longest=longest)


def streak_get(*, user: User, now: dt.datetime | None = None) -> Streak:
    dates = DailyEntry.objects.filter(user=user).values_list("local_date", flat=True)
    return streak_from_dates(dates, today=local_today(user=user, now=now))


@dataclass(frozen=True)
class HeatmapDay:
    date: dt.date
    done: bool
    future: bool


def heatmap_weeks(
    *, user: User, weeks: int = 26, now: dt.datetime | None = None
) -> list[list[HeatmapDay]]:
    """The last `weeks` weeks as columns of seven days (Monday first), ending this week."""
    today = local_today(user=user, now=now)
    first = today - dt.timedelta(days=today.weekday() + 7 * (weeks - 1))
    done = set(
        DailyEntry.objects.filter(user=user, local_date__gte=first).values_list(
            "local_date", flat=True
        )
    )
    columns = []
    for week in range(weeks):
        start = first + dt.timedelta(weeks=week)
        days = [start + dt.timedelta(days=offset) for offset in range(7)]
        columns.append([HeatmapDay(day, day in done, day > today) for day in days])
    return columns


def daily_entry_staff_can_view(*, user: User, entry: DailyEntry) -> bool:
    """Admins see every entry; instructors those of students in courses they teach."""
    if is_admin(user):
        return True
    return is_author(user) and entry.user.enrollments.filter(course__instructors=user).exists()


def attachment_for_viewer(*, user: User, attachment_id: int) -> AssignmentAttachment:
    """An assignment's attachment for the students it targets and the course's staff; 404
    for anybody else."""
    attachments = AssignmentAttachment.objects.select_related("assignment")
    found = attachments.filter(pk=attachment_id).first()
    if found is None:
        raise Http404
    staff = assignments_for_staff(user=user).filter(pk=found.assignment_id).exists()
    if not staff and not (
        user.is_authenticated and assignment_targets_user(assignment=found.assignment, user=user)
    ):
        raise Http404
    return found


# --- Dashboard panels ---------------------------------------------------------------------


def _pending_assignments_query(*, user_id: int, now: dt.datetime) -> QuerySet:
    pending = (
        Assignment.objects.filter(_targets(user_id), archived_at__isnull=True)
        .exclude(Exists(Submission.objects.filter(assignment_id=OuterRef("pk"), user_id=user_id)))
        .exclude(late_policy=LatePolicy.CLOSE, due_at__lt=now)
    )
    return (
        pending.order_by("due_at", "pk")
        .annotate(total=Window(Count("pk")))
        .values("pk", "title", "due_at", "course__slug", "total")[:PENDING_ON_DASHBOARD]
    )


PENDING_ON_DASHBOARD = 5
_pending_assignments = PreparedValues(_pending_assignments_query, user_id=int, now=dt.datetime)


def pending_assignments_get(
    *, user: User, limit: int = PENDING_ON_DASHBOARD, now: dt.datetime | None = None
) -> tuple[int, list[dict]]:
    """The student's assignments with no submission yet that still accept one (soonest due
    first, the first `limit`, at most five) and how many there are, in one query (a window
    count; its SQL built once per process)."""
    now = now or timezone.now()
    rows = _pending_assignments.rows(user_id=user.pk, now=now)[:limit]
    count = rows[0]["total"] if rows else 0
    return count, [
        {
            "id": row["pk"],
            "title": row["title"],
            "due_at": row["due_at"],
            "course_slug": row["course__slug"],
            "overdue": row["due_at"] < now,
        }
        for row in rows
    ]


_entry_dates = PreparedValues(
    lambda *, user_id: DailyEntry.objects.filter(user_id=user_id).order_by().values("local_date"),
    user_id=int,
)


def streak_and_today_get(*, user: User, now: dt.datetime | None = None) -> dict:
    """The daily-work panel: the current and longest streak and whether today is written
    (one query)."""
    today = local_today(user=user, now=now)
    dates = [row["local_date"] for row in _entry_dates.rows(user_id=user.pk)]
    streak = streak_from_dates(dates, today=today)
    return {"current": streak.current, "longest": streak.longest, "done_today": today in dates}


def submissions_to_mark_count(*, course_ids: list[int] | None = None) -> int:
    """Latest submissions not reviewed yet, in `course_ids` when given (one query)."""
    waiting = Submission.objects.filter(is_latest=True, reviewed_at__isnull=True)
    if course_ids is not None:
        waiting = waiting.filter(assignment__course_id__in=course_ids)
    return waiting.count()
