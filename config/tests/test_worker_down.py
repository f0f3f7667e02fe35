"""The job worker is down (#10): jobs queued meanwhile are kept by the queue's storage and run
when a worker starts; an exam whose deadline passed meanwhile is still submitted at its
deadline, by the student's next visit if that comes first.

The worker is Huey's own consumer (threads, in this process) started only after the
deadline; the queue is a fresh storage object on the same SQLite file or Redis database, so
what the worker runs was read back from the storage, not from this process's memory."""

import shutil
import signal
import time
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from huey.contrib.djhuey import HUEY
from huey.storage import RedisStorage, SqliteStorage

from config.tests.servers import RedisServer
from lms.accounts.tests.factories import StudentFactory
from lms.assessments.models import Attempt, AttemptStatus
from lms.assessments.services import attempts as attempt_services
from lms.assessments.tests.factories import quiz_course
from lms.learning.tests.factories import EnrollmentFactory

# The worker's threads open their own database connections: the rows must be committed.
pytestmark = pytest.mark.django_db(transaction=True)

DEADLINE_SECONDS = 2


@pytest.fixture(params=["sqlite", "redis"])
def queue(request, tmp_path):
    """The app's Huey with a real storage instead of the tests' immediate mode. Returns a
    function that opens the same storage afresh (what a worker process starting later
    would do)."""
    if request.param == "sqlite":

        def storage():
            return SqliteStorage(name="lms", filename=str(tmp_path / "huey.sqlite3"))

    else:
        if not shutil.which("redis-server"):
            pytest.skip("needs redis-server")
        redis = RedisServer(tmp_path)
        request.addfinalizer(redis.stop)

        def storage():
            return RedisStorage(name="lms", url=redis.url)

    saved = HUEY.storage, HUEY._immediate
    HUEY._immediate = False  # the setter would rebuild the storage from the settings
    HUEY.storage = storage()
    yield storage
    HUEY.storage, HUEY._immediate = saved


def start_worker():
    """A Huey consumer in threads; signal handlers it installs are put back at stop."""
    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    consumer = HUEY.create_consumer(
        workers=1,
        worker_type="thread",
        periodic=False,
        check_worker_health=False,
        initial_delay=0.05,
        max_delay=0.2,
        scheduler_interval=1,
    )
    consumer.start()

    def stop():
        consumer.stop(graceful=True)
        for number, handler in handlers.items():
            signal.signal(number, handler)

    return stop


def wait_for(condition, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the worker did not run the job in time"
        time.sleep(0.2)


def deadline_jobs() -> int:
    return sum(1 for task in HUEY.pending() if task.name.endswith("attempt_submit_due"))


def test_queued_jobs_wait_for_a_worker_and_deadlines_hold_meanwhile(queue):
    closes_at = timezone.now() + timedelta(seconds=DEADLINE_SECONDS)
    setup = quiz_course(time_limit_minutes=30, closes_at=closes_at)
    away, back = StudentFactory(), StudentFactory()
    for student in (away, back):
        EnrollmentFactory(user=student, course=setup.course)
    # Starting each attempt schedules its deadline job (at the assessment's closing time).
    unattended = attempt_services.attempt_start(user=away, assessment=setup.assessment)
    visited = attempt_services.attempt_start(user=back, assessment=setup.assessment)
    assert unattended.deadline == closes_at
    assert deadline_jobs() == 2  # queued with their time; a worker would hold them

    time.sleep(DEADLINE_SECONDS + 0.5)  # the deadline passes with no worker running
    assert Attempt.objects.filter(status=AttemptStatus.IN_PROGRESS).count() == 2

    # The student who comes back sees their attempt submitted at the deadline.
    browser = Client()
    browser.force_login(back)
    page = browser.get(reverse("student_pwa:attempt_detail", args=[visited.pk]))
    assert page.status_code == 200
    visited.refresh_from_db()
    assert visited.status == AttemptStatus.SUBMITTED and visited.auto_submitted
    assert visited.submitted_at == closes_at
    unattended.refresh_from_db()
    assert unattended.is_open  # nobody came back: it waits for the job

    # A worker starts later, reading the queue from its storage.
    HUEY.storage = queue()
    # The visit's grading queued other jobs too (points, notifications); the deadlines wait.
    assert deadline_jobs() == 2
    stop = start_worker()
    try:
        wait_for(lambda: not Attempt.objects.get(pk=unattended.pk).is_open)
        wait_for(lambda: HUEY.scheduled_count() == 0 and HUEY.pending_count() == 0)
    finally:
        stop()
    unattended.refresh_from_db()
    assert unattended.status == AttemptStatus.SUBMITTED and unattended.auto_submitted
    assert unattended.submitted_at == closes_at
    # The visited attempt's own job found it submitted and left it as it was.
    again = Attempt.objects.get(pk=visited.pk)
    assert (again.submitted_at, again.score) == (visited.submitted_at, visited.score)
