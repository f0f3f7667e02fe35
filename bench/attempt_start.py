"""Benchmark of starting an exam that draws 50 questions from a 5,000-question bank, on the
embedded default (a throwaway SQLite database): `python bench/attempt_start.py`.

It migrates a temporary database, seeds one course with an exam task, a student and 5,000
questions of 4 options in 5 categories, an exam drawing 40 from the whole bank and 10 from
one category with shuffled questions and options, then starts (and submits) the exam
`--runs` times and prints the queries per start and the latency percentiles. Not a test.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def child(runs: int) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lms.accounts.models import User
    from lms.assessments.models import Assessment, Category, DrawRule
    from lms.assessments.services.attempts import attempt_start, attempt_submit
    from lms.assessments.tests.factories import bank_fill
    from lms.catalog.models import Task
    from lms.catalog.tests.factories import build_course
    from lms.learning.models import Enrollment, TaskCompletion
    from lms.learning.tests.factories import lessons_in_order, tasks_of

    course = build_course(modules=1, lessons_per_module=2, tasks_per_lesson=2)
    reading, exam_task = tasks_of(lessons_in_order(course)[0])
    Task.objects.filter(pk=exam_task.pk).update(kind="exam")
    exam_task.refresh_from_db()
    student = User.objects.create_user(email="bench@example.com", password=None)
    student.onboarded_at = student.date_joined
    student.save()
    Enrollment.objects.create(user=student, course=course, source="admin")
    TaskCompletion.objects.create(user=student, task=reading)
    root = Category.objects.create(name="Bank")
    for index in range(5):
        bank_fill(category=Category.objects.create(name=f"Topic {index}", parent=root), count=1000)
    exam = Assessment.objects.create(
        title="Bench exam",
        kind="exam",
        course=course,
        task=exam_task,
        time_limit_minutes=60,
        attempts_allowed=0,
        shuffle_questions=True,
        shuffle_options=True,
    )
    DrawRule.objects.create(assessment=exam, category=root, count=40)
    DrawRule.objects.create(assessment=exam, category=root.children.first(), count=10)

    timings, queries = [], set()
    for _run in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            attempt = attempt_start(user=student, assessment=exam)
            timings.append((time.perf_counter() - started) * 1000)
        queries.add(len(captured))
        assert attempt.questions.count() == 50
        attempt_submit(attempt=attempt)
    timings.sort()
    print(f"attempt_start, 50 drawn from 5,000 questions, {runs} runs")
    print(f"queries per start: {sorted(queries)}")
    print(
        f"p50 {statistics.median(timings):.1f} ms · "
        f"p95 {timings[int(len(timings) * 0.95) - 1]:.1f} ms · max {timings[-1]:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=50)
    arguments = parser.parse_args()
    if os.environ.get("BENCH_CHILD"):
        child(arguments.runs)
        return
    from run import bench_environment

    with tempfile.TemporaryDirectory(prefix="lms-bench-") as folder:
        environment = bench_environment(Path(folder)) | {"BENCH_CHILD": "1"}
        python = sys.executable
        subprocess.run(
            [python, "manage.py", "migrate", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=environment,
            check=True,
        )
        subprocess.run(
            [python, __file__, "--runs", str(arguments.runs)], cwd=ROOT, env=environment, check=True
        )


if __name__ == "__main__":
    main()
