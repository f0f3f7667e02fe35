"""The activity of a generated academy, written in bulk (bench_generate_activity): what the
student dashboard's panels read, in a realistic shape per student."""

import itertools
import math
import random
import time
from collections import defaultdict
from collections.abc import Iterator
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from lms.accounts.models import Cohort, CohortMembership, Role, User
from lms.assessments.models import Assessment, AssessmentKind
from lms.assignments.models import Assignment, DailyEntry, LatePolicy, Submission
from lms.catalog.cache import catalog_changed
from lms.catalog.models import Course, CourseStatus, Task, TaskKind
from lms.certificates.models import SERIAL_ALPHABET, Certificate
from lms.gamification.management.commands.bench_points import points_ledger_fill
from lms.gamification.models import Badge, BadgeAward, BadgeCriterion, PointsEntry, PointsTotal
from lms.gamification.services.ledger import points_totals_rebuild
from lms.learning.management.commands.bench_generate_data import (
    SIZES as ACADEMY_SIZES,
)
from lms.learning.management.commands.bench_generate_data import (
    BulkWriter,
    analyze,
    next_id,
    sequences_reset,
)
from lms.learning.models import ACCESS_STATUSES, Enrollment, EnrollmentStatus
from lms.meetings.models import Attendance, AttendanceStatus, Meeting, MeetingKind
from lms.notifications.models import Notification

GENERATED_EMAILS = "@academy.example"
SIZES = {"demo": dict(group_size=10), "academy": dict(group_size=500)}
assert set(SIZES) == set(ACADEMY_SIZES)  # noqa: S101 (the two commands share their sizes)
PLAN = dict(ledger_rows_per_student=40, notifications_per_student=20, past_weeks=6, next_weeks=3)
# Each course's assignments: due in (days), late policy, share of its students who handed in.
ASSIGNMENTS = [
    (-14, LatePolicy.CLOSE, 0.85),
    (5, LatePolicy.ACCEPT, 0.35),
    (19, LatePolicy.ACCEPT, 0.1),
]
NOTIFICATIONS = [
    ("assignment_posted", "New assignment", "/app/assignments/"),
    ("meeting_soon", "A class starts in an hour", "/app/meetings/"),
    ("submission_reviewed", "Your submission was reviewed", "/app/assignments/"),
    ("lesson_unlocked", "A new lesson is open", "/app/"),
    ("announcement", "A new announcement in your group", "/app/"),
]
BADGES = [
    ("Rising", BadgeCriterion.POINTS, 750, "750 points"),
    ("High flyer", BadgeCriterion.POINTS, 1500, "1,500 points"),
    ("Week streak", BadgeCriterion.STREAK, 7, "Daily work seven days in a row"),
    ("Month streak", BadgeCriterion.STREAK, 30, "Daily work thirty days in a row"),
    ("Finisher", BadgeCriterion.COURSES, 1, "A course completed"),
    ("Collector", BadgeCriterion.COURSES, 3, "Three courses completed"),
]
ACTIVITY_MODELS = [PointsEntry, Notification, Meeting, Assignment, Certificate, DailyEntry]
MeetingCourse, MeetingCohort, MeetingUser = (
    Meeting.courses.through,
    Meeting.cohorts.through,
    Meeting.users.through,
)
AssignmentCourse = Assignment.target_courses.through


def activity_exists() -> bool:
    """True when any of the dashboard's panels has rows (generated or not)."""
    return any(model.objects.exists() for model in ACTIVITY_MODELS)


def generated_students():
    return User.objects.filter(role=Role.STUDENT, email__endswith=GENERATED_EMAILS)


class ActivityGenerator:
    def __init__(self, *, plan: dict, seed: int, out) -> None:
        self.plan = plan
        self.seed = seed
        self.random = random.Random(seed)  # noqa: S311 (made-up data, reproducible)
        self.now = timezone.now()
        self.writer = BulkWriter(now=self.now, out=out)

    def run(self) -> dict[str, int]:
        with transaction.atomic():
            self.load()
            members = self.groups()
            self.meetings(members)
            self.assignments()
            self.exams()
            self.certificates()
            longest_streaks = self.daily_work()
            self.notifications()
            self.points()
            self.badges(longest_streaks)
            sequences_reset(
                [Cohort, CohortMembership, Meeting, MeetingCourse, MeetingCohort, MeetingUser]
                + [Attendance, Assignment, AssignmentCourse, Submission, Assessment]
                + [Certificate, DailyEntry, Notification, BadgeAward]
            )
        analyze()
        catalog_changed()  # the exams' tasks changed kind
        return self.writer.counts

    def load(self) -> None:
        students = generated_students().order_by("pk")
        self.students = list(students.values_list("pk", "full_name", "timezone"))
        instructors = User.objects.filter(role=Role.INSTRUCTOR, email__endswith=GENERATED_EMAILS)
        self.instructors = list(instructors.values_list("pk", flat=True)) or [None]
        courses = Course.objects.filter(status=CourseStatus.PUBLISHED).order_by("pk")
        self.courses = dict(courses.values_list("pk", "title"))
        self.teacher = {course: self.instructors[0] for course in self.courses}
        links = Course.instructors.through.objects.filter(course_id__in=self.courses)
        self.teacher.update(links.values_list("course_id", "user_id"))
        self.enrollments = list(
            Enrollment.objects.filter(user__in=students, status__in=ACCESS_STATUSES)
            .order_by("pk")
            .values_list("pk", "user_id", "course_id", "status", "completed_at")
        )
        self.students_of_course: dict[int, list[int]] = defaultdict(list)
        for _, user, course, _, _ in self.enrollments:
            self.students_of_course[course].append(user)
        # How often each student comes to the meetings they are invited to.
        self.attendance_rate = {pk: self.random.uniform(0.55, 0.98) for pk, _, _ in self.students}

    # --- groups and meetings -------------------------------------------------------------

    def groups(self) -> dict[int, list[int]]:
        """Every student in one group of `group_size`; returns each group's members."""
        ids = [pk for pk, _, _ in self.students]
        self.random.shuffle(ids)
        size = self.plan["group_size"]
        first = next_id(Cohort)
        members = {
            first + n: ids[n * size : (n + 1) * size] for n in range(math.ceil(len(ids) / size))
        }
        self.writer.insert(
            Cohort,
            (dict(id=pk, name=f"Batch {pk}", description="A generated group.") for pk in members),
        )
        ids = itertools.count(next_id(CohortMembership))
        self.writer.insert(
            CohortMembership,
            (
                dict(
                    id=next(ids),
                    cohort_id=cohort,
                    user_id=user,
                    joined_at=self.now - timedelta(days=90),
                )
                for cohort, users in members.items()
                for user in users
            ),
        )
        return members

    def meetings(self, members: dict[int, list[int]]) -> None:
        """A weekly class per course and a weekly call per group, `past_weeks` back and
        `next_weeks` ahead, and a mock interview for one student in twenty; attendance for
        the ones that are over."""
        meeting_ids = itertools.count(next_id(Meeting))
        meetings, audiences = [], []  # audiences: (meeting row, invited students)
        course_links, group_links, person_links = [], [], []
        midnight = self.now.replace(hour=0, minute=0, second=0, microsecond=0)
        weeks = range(-self.plan["past_weeks"], self.plan["next_weeks"])
        for number, (course, title) in enumerate(self.courses.items()):
            anchor = midnight + timedelta(days=number % 7, hours=9 + number % 9)
            for week in weeks:
                row = self.meeting_row(
                    next(meeting_ids), f"{title}: class", anchor + timedelta(weeks=week)
                )
                meetings.append(row)
                course_links.append((row["id"], course))
                audiences.append((row, self.students_of_course[course]))
        for number, (cohort, users) in enumerate(members.items()):
            anchor = midnight + timedelta(days=(number + 3) % 7, hours=17)
            for week in weeks:
                row = self.meeting_row(
                    next(meeting_ids),
                    f"Batch {cohort}: weekly call",
                    anchor + timedelta(weeks=week),
                )
                meetings.append(row)
                group_links.append((row["id"], cohort))
                audiences.append((row, users))
        for pk, _, _ in self.students:
            if self.random.random() < 0.05:
                starts = midnight + timedelta(
                    days=self.random.randint(-14, 14), hours=self.random.randint(9, 18)
                )
                row = self.meeting_row(next(meeting_ids), "Mock interview", starts)
                row.update(
                    kind=MeetingKind.MOCK_INTERVIEW,
                    interviewer_id=self.random.choice(self.instructors),
                )
                meetings.append(row)
                person_links.append((row["id"], pk))
                audiences.append((row, [pk]))
        self.writer.insert(Meeting, meetings)
        for model, column, links in [
            (MeetingCourse, "course_id", course_links),
            (MeetingCohort, "cohort_id", group_links),
            (MeetingUser, "user_id", person_links),
        ]:
            first = next_id(model)
            self.writer.insert(
                model,
                (dict(id=first + n, meeting_id=m, **{column: x}) for n, (m, x) in enumerate(links)),
            )
        self.writer.insert(Attendance, self.attendance(audiences, first=next_id(Attendance)))

    def meeting_row(self, pk: int, title: str, starts_at) -> dict:
        return dict(
            id=pk,
            kind=MeetingKind.CLASS,
            title=title,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=1),
            join_url=f"https://meet.example/{pk}",
            # As if reminded already: a benchmark's worker must not send thousands of reminders
            # in the middle of a measurement.
            reminded_at=starts_at - timedelta(hours=1),
            created_at=self.now - timedelta(days=60),
        )

    def attendance(self, audiences: list[tuple[dict, list[int]]], *, first: int) -> Iterator[dict]:
        # `first` is read before the rows: no query can run while they are copied.
        ids = itertools.count(first)
        for meeting, users in audiences:
            if meeting["ends_at"] > self.now:
                continue
            for user in users:
                draw = self.random.random()
                rate = self.attendance_rate[user]
                if draw < rate:
                    late = draw < rate * 0.1
                    yield dict(
                        id=next(ids),
                        meeting_id=meeting["id"],
                        user_id=user,
                        status=AttendanceStatus.LATE if late else AttendanceStatus.PRESENT,
                        joined_at=meeting["starts_at"] + timedelta(minutes=15 if late else 1),
                    )
                elif draw < rate + 0.03:
                    yield dict(
                        id=next(ids),
                        meeting_id=meeting["id"],
                        user_id=user,
                        status=AttendanceStatus.EXCUSED,
                        marked_by_id=meeting.get("interviewer_id"),
                        marked_at=meeting["ends_at"],
                    )

    # --- assignments and exams -----------------------------------------------------------

    def assignments(self) -> None:
        """`ASSIGNMENTS` per course, aimed at its students, and their handed-in work (the
        past one's mostly reviewed)."""
        first = next_id(Assignment)
        rows, links = [], []
        for course, title in self.courses.items():
            for n, (days, policy, _) in enumerate(ASSIGNMENTS):
                due = self.now.replace(hour=18, minute=0, second=0, microsecond=0) + timedelta(
                    days=days
                )
                rows.append(
                    dict(
                        id=first + len(rows),
                        course_id=course,
                        title=f"{title}: project {n + 1}",
                        instructions="<p>Build it, then hand in a link to your work.</p>",
                        due_at=due,
                        late_policy=policy,
                        created_by_id=self.teacher[course],
                        created_at=due - timedelta(days=21),
                    )
                )
                links.append((rows[-1]["id"], course))
        self.writer.insert(Assignment, rows)
        first_link = next_id(AssignmentCourse)
        self.writer.insert(
            AssignmentCourse,
            (
                dict(id=first_link + n, assignment_id=assignment, course_id=course)
                for n, (assignment, course) in enumerate(links)
            ),
        )
        self.writer.insert(Submission, self.submissions(rows, first=next_id(Submission)))

    def submissions(self, assignments: list[dict], *, first: int) -> Iterator[dict]:
        ids = itertools.count(first)
        shares = itertools.cycle(share for _, _, share in ASSIGNMENTS)
        for assignment, share in zip(assignments, shares, strict=False):
            due = assignment["due_at"]
            for user in self.students_of_course[assignment["course_id"]]:
                if self.random.random() >= share:
                    continue
                submitted = min(due, self.now) - timedelta(hours=self.random.randint(1, 120))
                row = dict(
                    id=next(ids),
                    assignment_id=assignment["id"],
                    user_id=user,
                    text="My work: https://code.example/project",
                    submitted_at=submitted,
                )
                if due < self.now and self.random.random() < 0.7:
                    row.update(
                        marks=self.random.randint(35, 100),
                        feedback="Well structured; see the comments.",
                        reviewed_at=min(self.now, submitted + timedelta(days=2)),
                        reviewed_by_id=assignment["created_by_id"],
                    )
                yield row

    def exams(self) -> None:
        """A final exam on the last task of each course, open for the next three weeks (no
        questions: the dashboard lists it; nobody takes it)."""
        last_tasks = (
            Task.objects.filter(lesson__module__course_id__in=self.courses, assessment__isnull=True)
            .order_by()  # no default ordering in the GROUP BY
            .values("lesson__module__course_id")
            .annotate(last=Max("pk"))
            .values_list("lesson__module__course_id", "last")
        )
        first = next_id(Assessment)
        rows = [
            dict(
                id=first + n,
                title=f"{self.courses[course]}: final exam",
                kind=AssessmentKind.EXAM,
                course_id=course,
                task_id=task,
                time_limit_minutes=60,
                opens_at=self.now - timedelta(days=30),
                closes_at=self.now + timedelta(days=21),
            )
            for n, (course, task) in enumerate(sorted(last_tasks))
        ]
        self.writer.insert(Assessment, rows)
        Task.objects.filter(pk__in=[row["task_id"] for row in rows]).update(kind=TaskKind.EXAM)

    # --- certificates, daily work, notifications -----------------------------------------

    def certificates(self) -> None:
        names = {pk: name for pk, name, _ in self.students}
        issued = set(Certificate.objects.values_list("enrollment_id", flat=True))
        first = next_id(Certificate)
        completed = [
            (pk, user, course, completed_at)
            for pk, user, course, status, completed_at in self.enrollments
            if status == EnrollmentStatus.COMPLETED and pk not in issued
        ]
        self.writer.insert(
            Certificate,
            (
                dict(
                    id=first + n,
                    enrollment_id=pk,
                    user_id=user,
                    course_id=course,
                    serial=serial_for(first + n),
                    recipient_name=names[user],
                    course_title=self.courses.get(course, ""),
                    completed_on=(completed_at or self.now).date(),
                    issued_at=completed_at or self.now,
                )
                for n, (pk, user, course, completed_at) in enumerate(completed)
            ),
        )

    def daily_work(self) -> dict[int, int]:
        """Two thirds of the students on a streak (up to 40 days, today written or not) and
        an older streak for most; returns each student's longest streak."""
        written = set(DailyEntry.objects.values_list("user_id", flat=True).distinct())
        zones: dict[str, ZoneInfo] = {}
        longest: dict[int, int] = {}
        rows = []
        for pk, _, zone_name in self.students:
            if pk in written:
                continue
            zone = zones.setdefault(zone_name, ZoneInfo(zone_name))
            today = self.now.astimezone(zone).date()
            current = 0 if self.random.random() < 0.35 else self.random.randint(1, 40)
            last = today - timedelta(days=self.random.randint(0, 1))
            older = self.random.randint(0, 15)
            older_end = today - timedelta(days=self.random.randint(45, 100))
            days = [last - timedelta(days=n) for n in range(current)]
            days += [older_end - timedelta(days=n) for n in range(older)]
            longest[pk] = max(current, older)
            rows += [(pk, day) for day in days]
        first = next_id(DailyEntry)
        self.writer.insert(
            DailyEntry,
            (
                dict(id=first + n, user_id=pk, local_date=day, text="Practised and took notes.")
                for n, (pk, day) in enumerate(rows)
            ),
        )
        return longest

    def notifications(self) -> None:
        """`notifications_per_student` each over the last 60 days, the newest few unread."""
        ids = itertools.count(next_id(Notification))
        count = self.plan["notifications_per_student"]

        def rows() -> Iterator[dict]:
            for pk, _, _ in self.students:
                minutes = sorted(self.random.randint(5, 86_400) for _ in range(count))
                unread = self.random.randint(0, 6)
                for n, age in enumerate(minutes):
                    kind, title, link = NOTIFICATIONS[(pk + n) % len(NOTIFICATIONS)]
                    created = self.now - timedelta(minutes=age)
                    yield dict(
                        id=next(ids),
                        user_id=pk,
                        kind=kind,
                        title=title,
                        link=link,
                        read_at=None if n < unread else created + timedelta(hours=3),
                        created_at=created,
                    )

        self.writer.insert(Notification, rows())

    # --- points and badges ---------------------------------------------------------------

    def points(self) -> None:
        started = time.monotonic()
        students = [pk for pk, _, _ in self.students]
        rows = len(students) * self.plan["ledger_rows_per_student"]
        points_ledger_fill(rows=rows, seed=self.seed, students=students, courses=list(self.courses))
        totals = points_totals_rebuild()
        self.writer.counts["points ledger"] = rows
        self.writer.counts["points totals"] = totals
        self.writer.out.write(
            f"  {rows:,} points ledger rows, {totals:,} totals in {time.monotonic() - started:.1f} s"
        )

    def badges(self, longest_streaks: dict[int, int]) -> None:
        """`BADGES`, awarded to whoever meets them on the generated data."""
        badges = [
            Badge.objects.get_or_create(
                name=name, defaults=dict(criterion=criterion, threshold=threshold, description=text)
            )[0]
            for name, criterion, threshold, text in BADGES
        ]
        points = dict(
            PointsTotal.objects.filter(period="all", course__isnull=True).values_list(
                "user_id", "points"
            )
        )
        completed: dict[int, int] = defaultdict(int)
        for _, user, _, status, _ in self.enrollments:
            completed[user] += status == EnrollmentStatus.COMPLETED
        measures = {
            BadgeCriterion.POINTS: points,
            BadgeCriterion.STREAK: longest_streaks,
            BadgeCriterion.COURSES: completed,
        }
        held = set(BadgeAward.objects.values_list("badge_id", "user_id"))
        ids = itertools.count(next_id(BadgeAward))
        self.writer.insert(
            BadgeAward,
            (
                dict(
                    id=next(ids),
                    badge_id=badge.pk,
                    user_id=pk,
                    awarded_at=self.now - timedelta(days=self.random.randint(0, 60)),
                )
                for pk, _, _ in self.students
                for badge in badges
                if measures[badge.criterion].get(pk, 0) >= badge.threshold
                and (badge.pk, pk) not in held
            ),
        )


def serial_for(number: int) -> str:
    """A certificate serial made from its id (unique by construction), in the serials' form:
    three groups of four letters of SERIAL_ALPHABET."""
    letters = []
    for _ in range(12):
        number, digit = divmod(number, len(SERIAL_ALPHABET))
        letters.append(SERIAL_ALPHABET[digit])
    code = "".join(reversed(letters))
    return "-".join(code[n : n + 4] for n in range(0, 12, 4))
