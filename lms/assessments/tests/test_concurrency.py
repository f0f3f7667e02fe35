"""300 submissions at once, each attempt submitted twice (a double click racing the
deadline job): every attempt graded exactly once. Needs PostgreSQL (row locks); run with
DATABASE_URL=postgres://... pytest lms/assessments/tests/test_concurrency.py"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from lms.accounts.tests.factories import StudentFactory
from lms.assessments.events import AttemptGraded
from lms.assessments.models import Attempt, AttemptStatus
from lms.assessments.services import attempts as services
from lms.assessments.tests.factories import quiz_course, right_option
from lms.core.events import subscribe, unsubscribe
from lms.learning.models import Enrollment, TaskCompletion
from lms.learning.services import task_complete

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
    pytest.mark.django_db(transaction=True),
]

ATTEMPTS = 300
THREADS = 24  # simultaneous database connections (the server's limit is shared)


def test_300_simultaneous_submissions_are_all_graded_once():
    setup = quiz_course(questions=2)
    students = StudentFactory.create_batch(ATTEMPTS)
    Enrollment.objects.bulk_create(
        Enrollment(user=student, course=setup.course, source="admin") for student in students
    )
    attempts = []
    for student in students:
        task_complete(user=student, task=setup.reading)
        attempt = services.attempt_start(user=student, assessment=setup.assessment)
        for slot in attempt.questions.all():
            services.answer_save(
                attempt=attempt,
                question_id=slot.question_id,
                option_ids=[right_option(slot.question_id)],
            )
        attempts.append(attempt)

    graded: list[int] = []
    lock = threading.Lock()

    def record(event: AttemptGraded) -> None:
        with lock:
            graded.append(event.attempt_id)

    subscribe(AttemptGraded, record)
    start = threading.Barrier(THREADS)

    def submit(attempt: Attempt) -> str:
        try:
            return services.attempt_submit(attempt=attempt).status
        finally:
            connection.close()

    def warm_up(_index: int) -> None:
        start.wait(timeout=30)  # every worker connected and released at once

    try:
        with ThreadPoolExecutor(max_workers=THREADS) as pool:
            list(pool.map(warm_up, range(THREADS)))
            statuses = list(pool.map(submit, attempts + attempts))
    finally:
        unsubscribe(AttemptGraded, record)

    assert statuses == [AttemptStatus.SUBMITTED] * (2 * ATTEMPTS)
    assert sorted(graded) == sorted(attempt.pk for attempt in attempts)  # none lost or doubled
    assert Attempt.objects.filter(status=AttemptStatus.SUBMITTED, passed=True).count() == ATTEMPTS
    assert TaskCompletion.objects.filter(task=setup.quiz).count() == ATTEMPTS
