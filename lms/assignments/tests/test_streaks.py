"""Streaks over consecutive local days: month and year boundaries, DST changes, and the
student's own time zone deciding which day an entry belongs to."""

import datetime as dt

import pytest

from lms.accounts.tests.factories import StudentFactory
from lms.assignments import selectors, services
from lms.assignments.selectors import streak_from_dates

D = dt.date


def test_consecutive_days_across_a_month_and_a_year_boundary():
    days = [D(2025, 12, 30), D(2025, 12, 31), D(2026, 1, 1), D(2026, 1, 2)]
    assert streak_from_dates(days, today=D(2026, 1, 2)) == selectors.Streak(4, 4)
    february = [D(2024, 2, 28), D(2024, 2, 29), D(2024, 3, 1)]  # leap year
    assert streak_from_dates(february, today=D(2024, 3, 1)).current == 3
    assert streak_from_dates([D(2025, 2, 28), D(2025, 3, 1)], today=D(2025, 3, 1)).current == 2


def test_a_gap_ends_the_current_streak_but_keeps_the_longest():
    days = [D(2026, 3, 1), D(2026, 3, 2), D(2026, 3, 3), D(2026, 3, 5), D(2026, 3, 6)]
    assert streak_from_dates(days, today=D(2026, 3, 6)) == selectors.Streak(2, 3)
    # Today not written yet: yesterday keeps the streak alive; two days later it is gone.
    assert streak_from_dates(days, today=D(2026, 3, 7)).current == 2
    assert streak_from_dates(days, today=D(2026, 3, 8)) == selectors.Streak(0, 3)
    assert streak_from_dates([], today=D(2026, 3, 8)) == selectors.Streak(0, 0)


@pytest.mark.django_db
def test_entries_follow_the_students_local_day_across_a_dst_change():
    """New York springs forward on 2026-03-08 (a 23-hour day): entries written at 23:30
    local time each evening fall on consecutive local days although the UTC times do not
    keep a 24-hour rhythm."""
    student = StudentFactory(timezone="America/New_York")
    evenings_utc = [
        dt.datetime(2026, 3, 7, 4, 30, tzinfo=dt.UTC),  # 3/6 23:30 EST
        dt.datetime(2026, 3, 8, 4, 30, tzinfo=dt.UTC),  # 3/7 23:30 EST
        dt.datetime(2026, 3, 9, 3, 30, tzinfo=dt.UTC),  # 3/8 23:30 EDT
        dt.datetime(2026, 3, 10, 3, 30, tzinfo=dt.UTC),  # 3/9 23:30 EDT
    ]
    for moment in evenings_utc:
        services.daily_entry_save(user=student, text="done", now=moment)
    dates = sorted(student.daily_entries.values_list("local_date", flat=True))
    assert dates == [D(2026, 3, 6), D(2026, 3, 7), D(2026, 3, 8), D(2026, 3, 9)]
    assert selectors.streak_get(user=student, now=evenings_utc[-1]) == selectors.Streak(4, 4)


@pytest.mark.django_db
def test_the_same_instant_is_a_different_day_in_another_time_zone():
    moment = dt.datetime(2026, 5, 31, 20, 0, tzinfo=dt.UTC)  # June 1st in Kolkata
    kolkata = StudentFactory(timezone="Asia/Kolkata")
    los_angeles = StudentFactory(timezone="America/Los_Angeles")
    assert services.daily_entry_save(user=kolkata, text="x", now=moment)[0].local_date == D(
        2026, 6, 1
    )
    assert services.daily_entry_save(user=los_angeles, text="x", now=moment)[0].local_date == D(
        2026, 5, 31
    )
