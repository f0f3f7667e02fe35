"""Running totals: kept with every ledger write, equal to the ledger's sums for every board
(everyone or one course; all time, week, month in the academy's zone), derivable from the
ledger again, and exact under concurrent writers."""

import datetime as dt
import threading
import zoneinfo
from collections import defaultdict
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, connections

from lms.accounts.models import CohortMembership
from lms.accounts.tests.factories import AdminFactory, CohortFactory, StudentFactory
from lms.assessments.models import Attempt
from lms.assessments.tests.factories import quiz_course
from lms.gamification import services
from lms.gamification.leaderboard import total_points
from lms.gamification.models import PointsEntry, PointsTotal
from lms.gamification.periods import period_first_day
from lms.gamification.services import ledger
from lms.gamification.services.ledger import points_totals_rebuild
from lms.gamification.tests.factories import PointsEntryFactory
from lms.gamification.tests.test_awards import submitted_attempt
from lms.meetings.tests.factories import MeetingFactory

KOLKATA = zoneinfo.ZoneInfo("Asia/Kolkata")


def maintained() -> dict:
    return {
        (t.user_id, t.course_id, t.period, t.period_start): t.points
        for t in PointsTotal.objects.all()
    }


def ledger_sums() -> dict:
    """Every total computed straight from the ledger, in Python."""
    sums: dict = defaultdict(int)
    for entry in PointsEntry.objects.all():
        for period in ("all", "week", "month"):
            day = period_first_day(period, at=entry.created_at)
            sums[(entry.user_id, None, period, day)] += entry.points
            if entry.course_id:
                sums[(entry.user_id, entry.course_id, period, day)] += entry.points
    return dict(sums)


def mixed_history(student, other, admin) -> None:
    """Awards, a regrade up and one down (a negative correction), manual adjustments (one in
    a course, one negative), a group adjustment, and rows either side of a week's and a
    month's start in the academy's zone."""
    meeting = MeetingFactory(users=[student])
    services.meeting_points_award(meeting_id=meeting.pk, user_id=student.pk, status="present")
    quiz = quiz_course(student=student)
    attempt = submitted_attempt(quiz, student, "50")
    services.assessment_points_award(attempt_id=attempt.pk)
    for percent in ("90", "60"):  # regraded up, then down
        Attempt.objects.filter(pk=attempt.pk).update(percent=Decimal(percent))
        services.assessment_points_award(attempt_id=attempt.pk)
    services.points_adjust(user=student, points=-7, reason="Copied", by=admin)
    services.points_adjust(user=other, points=30, reason="Helped", by=admin, course=quiz.course)
    cohort = CohortFactory()
    for person in (student, other):
        CohortMembership.objects.create(cohort=cohort, user=person)
    services.points_adjust_cohort(cohort=cohort, points=25, reason="Hackathon", by=admin)
    for moment in (
        dt.datetime(2026, 11, 29, 23, 59, 59, tzinfo=KOLKATA),  # Sunday, before the week
        dt.datetime(2026, 11, 30, 0, 0, tzinfo=KOLKATA),  # Monday 00:00
        dt.datetime(2026, 10, 31, 23, 59, 59, tzinfo=KOLKATA),  # the month before
        dt.datetime(2026, 11, 1, 0, 0, tzinfo=KOLKATA),  # the 1st
    ):
        PointsEntryFactory(user=other, points=3, course=quiz.course, created_at=moment)


@pytest.mark.django_db
def test_totals_equal_the_ledger_and_a_rebuild_gives_the_same(settings, student):
    settings.LMS_ACADEMY_TIMEZONE = "Asia/Kolkata"
    other = StudentFactory()
    mixed_history(student, other, AdminFactory())
    assert PointsEntry.objects.filter(points__lt=0, revision__gt=1).exists()  # a correction down
    kept = maintained()
    assert kept == ledger_sums()
    # The week and month either side of their start in Kolkata are separate totals.
    weeks = {day for (_u, _c, period, day) in kept if period == "week"}
    assert {dt.date(2026, 11, 23), dt.date(2026, 11, 30)} <= weeks
    months = {day for (_u, _c, period, day) in kept if period == "month"}
    assert {dt.date(2026, 10, 1), dt.date(2026, 11, 1)} <= months
    assert points_totals_rebuild() == len(kept)
    assert maintained() == kept
    assert total_points(user=student) == sum(
        e.points for e in PointsEntry.objects.filter(user=student)
    )


@pytest.mark.django_db
def test_a_failed_total_leaves_no_ledger_row(monkeypatch, student, admin_user):
    PointsEntryFactory(user=student, points=5)

    def broken(entries):
        raise RuntimeError("totals unavailable")

    monkeypatch.setattr(ledger, "totals_add", broken)
    with pytest.raises(RuntimeError):
        services.points_adjust(user=student, points=5, reason="Prize", by=admin_user)
    assert PointsEntry.objects.count() == 1 and total_points(user=student) == 5


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_lose_no_points():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writing transaction at a time: there is no race")
    student, admin = StudentFactory(), AdminFactory()
    cohort = CohortFactory()
    CohortMembership.objects.create(cohort=cohort, user=student)
    CohortMembership.objects.create(cohort=cohort, user=StudentFactory())
    workers = 6
    start_together = threading.Barrier(workers, timeout=10)
    errors = []

    def worker(number: int):
        try:
            start_together.wait()
            for _ in range(5):
                if number % 2:
                    services.points_adjust(user=student, points=number, reason="Race", by=admin)
                else:
                    services.points_adjust_cohort(
                        cohort=cohort, points=number + 10, reason="Race", by=admin
                    )
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    expected = 5 * sum(n if n % 2 else n + 10 for n in range(workers))
    assert total_points(user=student) == expected
    assert maintained() == ledger_sums()


@pytest.mark.django_db
def test_the_rebuild_command_repairs_totals(student):
    PointsEntryFactory(user=student, points=8)
    PointsTotal.objects.update(points=0)
    out = StringIO()
    call_command("points_totals_rebuild", stdout=out)
    assert "3 totals rebuilt" in out.getvalue()
    assert total_points(user=student) == 8 and maintained() == ledger_sums()


@pytest.mark.django_db
def test_a_ledger_write_announces_whose_points_changed(django_capture_on_commit_callbacks):
    """`PointsAdded` names each person once, after the commit (their dashboards listen)."""
    from lms.core.events import subscribe, unsubscribe
    from lms.gamification.events import PointsAdded

    first, second = StudentFactory(), StudentFactory()
    heard = []
    subscribe(PointsAdded, heard.append)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.ledger_add(
                [
                    PointsEntry(user=person, source_kind="manual", points=points, reason="x")
                    for person, points in ((second, 3), (first, 2), (second, 1))
                ]
            )
            assert heard == []
    finally:
        unsubscribe(PointsAdded, heard.append)
    assert heard == [PointsAdded(user_ids=tuple(sorted((first.pk, second.pk))))]
