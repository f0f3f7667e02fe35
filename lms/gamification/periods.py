"""Leaderboard periods in the academy's zone (`LMS_ACADEMY_TIMEZONE`): a week starts on
Monday 00:00, a month on the 1st 00:00. A running total is kept per period under the local
date it starts on; all time is one period with a fixed start."""

import datetime as dt
import zoneinfo

from django.conf import settings
from django.utils import timezone

PERIODS = ("all", "week", "month")
# The start date all-time totals are kept under (all time has no start).
ALL_TIME_START = dt.date(1, 1, 1)


def academy_zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.LMS_ACADEMY_TIMEZONE)


def period_first_day(period: str, *, at: dt.datetime | None = None) -> dt.date:
    """The local date the period containing `at` starts on (ALL_TIME_START for all time)."""
    if period == "all":
        return ALL_TIME_START
    day = (at or timezone.now()).astimezone(academy_zone()).date()
    if period == "week":
        return day - dt.timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    raise ValueError(f"unknown period {period!r}")


def period_start(period: str, *, at: dt.datetime | None = None) -> dt.datetime | None:
    """Start of the period containing `at`, in the academy's zone: Monday 00:00 for a week,
    the 1st 00:00 for a month; None for all time."""
    if period == "all":
        return None
    day = period_first_day(period, at=at)
    return dt.datetime.combine(day, dt.time.min, tzinfo=academy_zone())
