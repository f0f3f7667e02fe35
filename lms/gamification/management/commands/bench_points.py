"""Fill the points ledger of a generated academy (`bench_generate_data --size academy`) with
made-up rows, then time the leaderboard queries without the cache: how long a board takes
to compute after a ledger write. `--rows` rows (default 1,000,000) spread over the students
and the last 120 days; a tenth carry a course.

    python manage.py bench_generate_data --size academy
    python manage.py bench_points --rows 1000000

Rows are written with COPY on PostgreSQL (batched inserts elsewhere). Never run on start-up;
it refuses a ledger that already has rows unless `--force`."""

import random
import statistics
import time
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from lms.accounts.models import Role, User
from lms.catalog.models import Course
from lms.gamification.cache import points_changed
from lms.gamification.leaderboard import period_start, standings_compute
from lms.gamification.models import PointsEntry, SourceKind

COLUMNS = ["user_id", "source_kind", "points", "reason", "revision", "course_id", "created_at"]


class Command(BaseCommand):
    help = "Fill the points ledger with made-up rows and time the leaderboard queries."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--rows", type=int, default=1_000_000)
        parser.add_argument("--seed", type=int, default=15)
        parser.add_argument("--repeat", type=int, default=3, help="timings per board")
        parser.add_argument("--force", action="store_true")
        parser.add_argument("--time-only", action="store_true", help="write no rows")

    def handle(self, *args, rows: int, seed: int, repeat: int, force: bool, time_only: bool, **_):
        if not time_only:
            if PointsEntry.objects.exists() and not force:
                raise CommandError("The ledger already has rows (use --force to add more).")
            self.fill(rows=rows, seed=seed)
        self.time_boards(repeat=repeat)

    def fill(self, *, rows: int, seed: int) -> None:
        students = list(User.objects.filter(role=Role.STUDENT).values_list("pk", flat=True))
        courses = list(Course.objects.values_list("pk", flat=True))
        if not students:
            raise CommandError("No students: run bench_generate_data first.")
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

        started = time.monotonic()
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
            points_changed()
        self.stdout.write(
            f"{rows:,} ledger rows for {len(students):,} students "
            f"in {time.monotonic() - started:.1f} s"
        )

    def time_boards(self, *, repeat: int) -> None:
        course = (
            PointsEntry.objects.exclude(course_id=None).values_list("course_id", flat=True).first()
        )
        boards = [
            ("all time, everyone", {"since": None}),
            ("this week, everyone", {"since": period_start("week")}),
            ("this month, everyone", {"since": period_start("month")}),
            ("all time, one course", {"since": None, "course_id": course}),
        ]
        total = PointsEntry.objects.count()
        self.stdout.write(f"Board computed from the ledger ({total:,} rows), no cache:")
        for label, scope in boards:
            timings = []
            for _ in range(repeat):
                started = time.perf_counter()
                standings = standings_compute(**scope)
                timings.append((time.perf_counter() - started) * 1000)
            self.stdout.write(
                f"  {label:24} {len(standings):>6,} people  "
                f"median {statistics.median(timings):8.1f} ms  best {min(timings):8.1f} ms"
            )
