"""Benchmark of the people import: 10,000 rows, checked then imported, on this machine.

    python bench/user_import.py                      # embedded default: a throwaway SQLite
    python bench/user_import.py --database-url postgres://postgres@127.0.0.1:5432/NAME

With --database-url the database is migrated and the people the benchmark made are deleted
at the end; give it a database of its own. The file has 10,000 rows: each person in two
groups and one course, 1 % of rows with a mistake. It times, in one process:
1. the preview (dry run) of the whole file;
2. the import (valid rows, groups created, enrollments, welcome-email jobs queued);
3. rendering and queueing the welcome emails (what the worker does afterwards).
The target is 10,000 rows imported in at most 60 s. This is not a test.
"""

import argparse
import csv
import io
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build_file(rows: int, courses: list[str]) -> bytes:
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(
        ["email", "full_name", "role", "cohorts", "courses", "language", "timezone", "phone"]
    )
    for n in range(rows):
        email = f"bench{n}@example.com" if n % 100 != 7 else f"bench{n}-at-example.com"
        writer.writerow(
            [
                email,
                f"Bench Person {n}",
                "student",
                f"Bench batch {n % 20}; Bench weekend {n % 3}",
                courses[n % len(courses)],
                "en" if n % 2 else "hi",
                "Asia/Kolkata",
                f"+91 98{n:08d}",
            ]
        )
    return output.getvalue().encode()


def cleanup(slugs: list[str]) -> None:
    from lms.accounts.models import Cohort, User
    from lms.catalog.models import Course
    from lms.people.models import UserImport

    UserImport.objects.filter(file_name="bench.csv").delete()
    User.objects.filter(email__startswith="bench").delete()
    Course.objects.filter(slug__in=slugs).delete()
    Cohort.objects.filter(name__startswith="Bench ").delete()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--database-url", default="")
    arguments = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="lms-bench-import-")
    for key in ("REDIS_URL", "DATABASE_URL"):
        os.environ.pop(key, None)
    if arguments.database_url:
        os.environ["DATABASE_URL"] = arguments.database_url
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.development",
        LMS_VAR_DIR=folder,
        EMAIL_URL="consolemail://",
        LOG_LEVEL="WARNING",
        LMS_PEOPLE_IMPORT_INLINE_ROWS=str(10**9),  # time the job's work in this process
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from lms.accounts.models import Role, User
    from lms.catalog.models import Course
    from lms.people import services, welcome

    slugs = [f"bench-course-{n}" for n in range(10)]

    if arguments.database_url:
        cleanup(slugs)  # what an interrupted run left
    admin = User.objects.create_user(email="bench-admin@example.com", role=Role.ADMIN)
    Course.objects.bulk_create([Course(title=slug, slug=slug) for slug in slugs])
    content = build_file(arguments.rows, slugs)
    print(f"{arguments.rows} rows, {len(content) / 1e6:.1f} MB, database {connection.vendor}")
    try:
        start = time.perf_counter()
        preview = services.user_import_start(
            acting_user=admin,
            content=content,
            file_name="bench.csv",
            dry_run=True,
            create_cohorts=True,
        )
        print(
            f"preview: {time.perf_counter() - start:6.1f} s  "
            f"new {preview.created}, errors {preview.failed}"
        )
        start, cpu = time.perf_counter(), time.process_time()
        done = services.user_import_start(
            acting_user=admin,
            content=content,
            file_name="bench.csv",
            dry_run=False,
            create_cohorts=True,
            send_welcome=True,
        )
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        print(
            f"import:  {seconds:6.1f} s  created {done.created}, errors {done.failed}, "
            f"{cpu:.1f} s CPU in this process ({arguments.rows / seconds:,.0f} rows/s)"
        )
        new_ids = list(
            User.objects.filter(email__startswith="bench")
            .exclude(pk=admin.pk)
            .values_list("pk", flat=True)
        )
        start = time.perf_counter()
        sent = welcome.welcome_emails_send(user_ids=new_ids)
        print(f"welcome: {time.perf_counter() - start:6.1f} s  {sent} emails rendered and queued")
        print(
            "target: import of 10,000 rows in at most 60 s:",
            "met" if seconds <= 60 or arguments.rows != 10_000 else "NOT met",
        )
    finally:
        if arguments.database_url:
            cleanup(slugs)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
