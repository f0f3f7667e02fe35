"""Fill the points ledger of a generated academy (`bench_generate_data --size academy`) with
made-up rows, derive the running totals from it, then time the leaderboards with nothing
cached: each board as a person opens it (`board_get`: the top, and one's own row with
neighbours), everyone / one course / one group (`--group-size` members, made on the first
run), all time / this week / this month. `--ledger` also times the old way, a SUM over the
ledger per board, for comparison. `--rows` rows (default 1,000,000) spread over the students
and the last 120 days; a tenth carry a course.

    python manage.py bench_generate_data --size academy
    python manage.py bench_points --rows 1000000

Rows are written with COPY on PostgreSQL (batched inserts elsewhere), then the totals are
rebuilt from the ledger (`points_totals_rebuild`, timed). Never run on start-up; it refuses
a ledger that already has rows unless `--force`."""

import random
import statistics
import time
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import F, Sum, Window
from django.db.models.functions import Rank
from django.utils import timezone

from lms.accounts.models import Cohort, CohortMembership, Role, User
from lms.catalog.models import Course
from lms.gamification.leaderboard import board_get, period_start
from lms.gamification.models import PointsEntry, SourceKind
from lms.gamification.services.ledger import points_totals_rebuild

COLUMNS = ["user_id", "source_kind", "points", "reason", "revision", "course_id", "created_at"]


class Command(BaseCommand):
    help = "Fill the points ledger with made-up rows and time the leaderboard queries."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--rows", type=int, default=1_000_000)
        parser.add_argument("--seed", type=int, default=15)
        parser.add_argument("--repeat", type=int, default=3, help="timings per board")
        parser.add_argument("--force", action="store_true")
        parser.add_argument("--time-only", action="store_true", help="write no rows")
        parser.add_argument("--group-size", type=int, default=1000)
        parser.add_argument("--ledger", action="store_true", help="also time SUMs of the ledger")

    def handle(self, *args, rows, seed, repeat, force, time_only, group_size, ledger, **_) -> None:
        if not time_only:
            if PointsEntry.objects.exists() and not force:
                raise CommandError("The ledger already has rows (use --force to add more).")
            self.fill(rows=rows, seed=seed)
            started = time.monotonic()
            totals = points_totals_rebuild()
            self.stdout.write(
                f"{totals:,} running totals rebuilt in {time.monotonic() - started:.1f} s"
            )
        group = self.bench_group(size=group_size)
        self.time_boards(repeat=repeat, group_id=group.pk, ledger=ledger)

    def bench_group(self, *, size: int) -> Cohort:
        group, created = Cohort.objects.get_or_create(name="Benchmark group")
        if created:
            students = User.objects.filter(role=Role.STUDENT).order_by("pk")[:size]
            CohortMembership.objects.bulk_create(
                CohortMembership(cohort=group, user_id=pk)
                for pk in students.values_list("pk", flat=True)
            )
        return group

    def fill(self, *, rows: int, seed: int) -> None:
        students = list(User.objects.filter(role=Role.STUDENT).values_list("pk", flat=True))
        courses = list(Course.objects.values_list("pk", flat=True))
        if not students:
            raise CommandError("No students: run bench_generate_data first.")
        started = time.monotonic()
        points_ledger_fill(rows=rows, seed=seed, students=students, courses=courses)
        self.stdout.write(
            f"{rows:,} ledger rows for {len(students):,} students "
            f"in {time.monotonic() - started:.1f} s"
        )

    def time_boards(self, *, repeat: int, group_id: int, ledger: bool) -> None:
        course = (
            PointsEntry.objects.exclude(course_id=None).values_list("course_id", flat=True).first()
        )
        # Someone in the middle of each board, so that their neighbours are read too.
        person = User.objects.filter(role=Role.STUDENT).order_by("pk")[500]
        scopes = [
            ("everyone", {}),
            ("one course", {"course_id": course}),
            ("one group", {"cohort_id": group_id}),
        ]
        total = PointsEntry.objects.count()
        self.stdout.write(f"Boards with {total:,} ledger rows, nothing cached (ms):")
        for scope_label, scope in scopes:
            for period in ("all", "week", "month"):
                label = f"{period:5} {scope_label}"
                timings = self.timed(
                    repeat,
                    lambda period=period, scope=scope: board_get(
                        user=person, period=period, **scope
                    ),
                )
                size = board_get(user=person, period=period, **scope).size
                line = f"  {label:20} {size:>6,} people  board_get {self.summary(timings)}"
                if ledger:
                    since = period_start(period)
                    old = self.timed(
                        repeat,
                        lambda since=since, scope=scope: ledger_standings(since=since, **scope),
                    )
                    line += f"  | SUM over the ledger {self.summary(old)}"
                self.stdout.write(line)

    @staticmethod
    def timed(repeat: int, read) -> list[float]:
        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            read()
            timings.append((time.perf_counter() - started) * 1000)
        return timings

    @staticmethod
    def summary(timings: list[float]) -> str:
        return f"median {statistics.median(timings):7.1f} best {min(timings):7.1f}"


def ledger_standings(*, since, course_id=None, cohort_id=None) -> list:
    """The board as it was computed before the running totals: a SUM per person over the
    ledger rows in scope, ranked (kept here only to compare)."""
    entries = PointsEntry.objects.all()
    if since is not None:
        entries = entries.filter(created_at__gte=since)
    if course_id is not None:
        entries = entries.filter(course_id=course_id)
    if cohort_id is not None:
        entries = entries.filter(user__cohort_memberships__cohort_id=cohort_id)
    return list(
        entries.values("user_id")
        .annotate(total=Sum("points"))
        .annotate(rank=Window(Rank(), order_by=F("total").desc()))
        .order_by("rank", "user_id")
        .values_list("user_id", "total", "rank")
    )


def points_ledger_fill(*, rows: int, seed: int, students: list[int], courses: list[int]) -> None:
    """Write `rows` made-up ledger rows (not the running totals: `points_totals_rebuild`
    derives them after) spread over `students` and the last 120 days; a tenth carry one of
    `courses`. Reproducible by `seed`. Also used by bench_generate_activity."""
    rng = random.Random(seed)  # noqa: S311 (made-up data, reproducible by seed)
    now = timezone.now()
    kinds = [SourceKind.MEETING, SourceKind.QUIZ, SourceKind.LESSON, SourceKind.DAILY_WORK]

    def generated():
        for _ in range(rows):
            yield (
                rng.choice(students),
                rng.choice(kinds),
                rng.randint(1, 50),
                "Generated",
                1,
                rng.choice(courses) if courses and rng.random() < 0.1 else None,
                now - timedelta(seconds=rng.randint(0, 120 * 86400)),
            )

    with transaction.atomic():
        if connection.vendor == "postgresql":
            table = connection.ops.quote_name(PointsEntry._meta.db_table)
            with connection.cursor() as cursor:
                copy_sql = f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN"
                with cursor.cursor.copy(copy_sql) as copy:
                    for row in generated():
                        copy.write_row(row)
                cursor.execute(f"ANALYZE {table}")
        else:
            batch: list[PointsEntry] = []
            for row in generated():
                batch.append(PointsEntry(**dict(zip(COLUMNS, row, strict=True))))
                if len(batch) == 5000:
                    PointsEntry.objects.bulk_create(batch)
                    batch = []
            PointsEntry.objects.bulk_create(batch)
