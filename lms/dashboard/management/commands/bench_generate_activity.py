"""Generate the activity of a generated academy (`bench_generate_data`), so that the student
dashboard is measured, and tried, with every panel full: points (ledger rows and their
running totals), badges, notifications, groups, meetings of courses, groups and single
people in the past weeks (with attendance) and the next ones, assignments with submissions,
a final exam per course, certificates of completed courses and daily work.

    python manage.py bench_generate_data --size academy
    python manage.py bench_generate_activity --size academy

Rows are written in bulk with bench_generate_data's writer (COPY on PostgreSQL, batched
inserts elsewhere), in one transaction, reproducible by `--seed`. The command refuses a
database without generated students, or one that already has activity, unless `--force`;
it is never run on start-up."""

import time

from django.core.management.base import BaseCommand, CommandError

from lms.dashboard.generated_activity import (
    GENERATED_EMAILS,
    PLAN,
    SIZES,
    ActivityGenerator,
    activity_exists,
    generated_students,
)


class Command(BaseCommand):
    help = "Generate points, badges, notifications, meetings, assignments, exams, certificates "
    help += "and daily work for the students of a generated academy."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--size", choices=sorted(SIZES), default="demo")
        parser.add_argument("--seed", type=int, default=9)
        parser.add_argument(
            "--force", action="store_true", help="add to a database that already has activity"
        )

    def handle(self, *args, size: str, seed: int, force: bool, **options) -> None:
        if not generated_students().exists():
            raise CommandError(
                f"No generated students (…{GENERATED_EMAILS}) in this database: "
                "run bench_generate_data first."
            )
        if not force and activity_exists():
            raise CommandError(
                "This database already has activity (points, notifications, meetings, "
                "assignments, certificates or daily work); refusing to add made-up activity "
                "to it. Use --force if you really mean it."
            )
        started = time.monotonic()
        plan = {**PLAN, **SIZES[size]}
        counts = ActivityGenerator(plan=plan, seed=seed, out=self.stdout).run()
        summary = ", ".join(f"{count:,} {name}" for name, count in counts.items())
        self.stdout.write(f"Generated {summary} in {time.monotonic() - started:.0f} s.")
