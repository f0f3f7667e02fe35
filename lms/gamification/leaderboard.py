"""Leaderboards: all time, this week, this month (in the academy's zone); everyone, one
course, or one group.

One SQL query ranks a whole board: SUM(points) per person over the ledger rows in scope,
then RANK() OVER (ORDER BY SUM(points) DESC), the standard competition ranking ("1224":
people with equal points share a rank, and the next rank skips). It is index-supported
(`points_by_time`, `points_by_course`, `points_by_person`) and its result, a list of
(person id, points, rank), is cached under the points version (lms/gamification/cache.py),
so a board is computed once per ledger change however many people look at it.

Scopes: a course board sums the rows awarded in that course; a group board sums every row
of the group's current members (a person's points follow them into each group).
"""

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import F, QuerySet, Sum, Window
from django.db.models.functions import Rank
from django.utils import timezone

from lms.accounts.models import Cohort, User
from lms.accounts.permissions import is_admin
from lms.catalog.models import Course
from lms.gamification.cache import points_version
from lms.gamification.models import PointsEntry

PERIODS = ("all", "week", "month")
STUDYING = ("active", "completed")


@dataclass(frozen=True)
class Standing:
    user_id: int
    points: int
    rank: int


@dataclass(frozen=True)
class BoardRow:
    rank: int
    user_id: int
    name: str
    points: int


@dataclass(frozen=True)
class Board:
    period: str
    since: dt.datetime | None
    top: list[BoardRow]
    me: BoardRow | None  # None when the person has no points in this board
    around_me: list[BoardRow]  # one's own row with neighbours (empty when in the top)
    size: int


def academy_zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.LMS_ACADEMY_TIMEZONE)


def period_start(period: str, *, at: dt.datetime | None = None) -> dt.datetime | None:
    """Start of the period containing `at`, in the academy's zone: Monday 00:00 for a week,
    the 1st 00:00 for a month; None for all time."""
    if period == "all":
        return None
    local = (at or timezone.now()).astimezone(academy_zone())
    day = local.date()
    if period == "week":
        day -= dt.timedelta(days=day.weekday())
    elif period == "month":
        day = day.replace(day=1)
    else:
        raise ValueError(f"unknown period {period!r}")
    return dt.datetime.combine(day, dt.time.min, tzinfo=academy_zone())


def _entries(*, since, course_id, cohort_id) -> QuerySet[PointsEntry]:
    entries = PointsEntry.objects.all()
    if since is not None:
        entries = entries.filter(created_at__gte=since)
    if course_id is not None:
        entries = entries.filter(course_id=course_id)
    if cohort_id is not None:
        entries = entries.filter(user__cohort_memberships__cohort_id=cohort_id)
    return entries


def standings_compute(
    *, since: dt.datetime | None, course_id: int | None = None, cohort_id: int | None = None
) -> list[Standing]:
    """The ranked board, straight from the ledger (one query)."""
    rows = (
        _entries(since=since, course_id=course_id, cohort_id=cohort_id)
        .values("user_id")
        .annotate(total=Sum("points"))
        .annotate(rank=Window(Rank(), order_by=F("total").desc()))
        .order_by("rank", "user_id")
        .values_list("user_id", "total", "rank")
    )
    return [Standing(user_id=u, points=int(p), rank=int(r)) for u, p, r in rows]


def standings_get(
    *,
    period: str = "all",
    course_id: int | None = None,
    cohort_id: int | None = None,
    at: dt.datetime | None = None,
) -> list[Standing]:
    """The ranked board, cached until the next ledger write (or the next period)."""
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}")
    since = period_start(period, at=at)
    # The version is read before the ledger (see cache.py).
    key = ":".join(
        [
            "points:board",
            str(points_version()),
            period,
            since.isoformat() if since else "-",
            str(course_id or "-"),
            str(cohort_id or "-"),
        ]
    )
    standings = cache.get(key)
    if standings is None:
        standings = standings_compute(since=since, course_id=course_id, cohort_id=cohort_id)
        cache.set(key, standings, timeout=settings.LMS_LEADERBOARD_CACHE_SECONDS)
    return standings


def _rows(standings: list[Standing]) -> list[BoardRow]:
    names = dict(
        User.objects.filter(pk__in=[s.user_id for s in standings]).values_list("pk", "full_name")
    )
    return [
        BoardRow(rank=s.rank, user_id=s.user_id, name=names.get(s.user_id) or "", points=s.points)
        for s in standings
    ]


def board_get(
    *,
    user: User | None,
    period: str = "all",
    course_id: int | None = None,
    cohort_id: int | None = None,
    top: int | None = None,
    neighbours: int | None = None,
    at: dt.datetime | None = None,
) -> Board:
    """The top of a board, and the person's own row with `neighbours` above and below it
    when they are not in the top. Two queries at most (the cached board, then names)."""
    top = settings.LMS_LEADERBOARD_TOP if top is None else top
    neighbours = settings.LMS_LEADERBOARD_NEIGHBOURS if neighbours is None else neighbours
    standings = standings_get(period=period, course_id=course_id, cohort_id=cohort_id, at=at)
    position = None
    if user is not None and user.is_authenticated:
        position = next((i for i, s in enumerate(standings) if s.user_id == user.pk), None)
    shown = standings[:top]
    around: list[Standing] = []
    if position is not None and position >= top:
        around = standings[max(top, position - neighbours) : position + neighbours + 1]
    rows = _rows(shown + around)
    me = None
    if position is not None:
        me = next(row for row in rows if row.user_id == user.pk)
    return Board(
        period=period,
        since=period_start(period, at=at),
        top=rows[: len(shown)],
        me=me,
        around_me=rows[len(shown) :],
        size=len(standings),
    )


def total_points(*, user: User) -> int:
    """All-time total: the sum of the person's ledger rows."""
    return int(PointsEntry.objects.filter(user=user).aggregate(total=Sum("points"))["total"] or 0)


@dataclass(frozen=True)
class Scope:
    course_id: int | None
    cohort_id: int | None


def board_choices(*, user: User) -> tuple[list, list]:
    """The courses and groups whose boards a person may see: those they study or belong to
    (admins: all)."""
    if is_admin(user):
        return list(Course.objects.order_by("title")[:500]), list(Cohort.objects.order_by("name"))
    courses = Course.objects.filter(enrollments__user=user, enrollments__status__in=STUDYING)
    cohorts = Cohort.objects.filter(memberships__user=user)
    return list(courses.order_by("title").distinct()), list(cohorts.order_by("name").distinct())


def board_scope_get(*, user: User, course_slug: str = "", cohort_id: str | int = "") -> Scope:
    """The scope asked for, if the person may see it; LookupError otherwise (an unknown or
    foreign course or group reads the same)."""
    course_id = group_id = None
    if course_slug:
        courses = Course.objects.filter(slug=course_slug)
        if not is_admin(user):
            courses = courses.filter(enrollments__user=user, enrollments__status__in=STUDYING)
        course_id = courses.values_list("pk", flat=True).first()
        if course_id is None:
            raise LookupError("course")
    if cohort_id not in ("", None):
        try:
            wanted = int(cohort_id)
        except (TypeError, ValueError) as error:
            raise LookupError("group") from error
        cohorts = Cohort.objects.filter(pk=wanted)
        if not is_admin(user):
            cohorts = cohorts.filter(memberships__user=user)
        group_id = cohorts.values_list("pk", flat=True).first()
        if group_id is None:
            raise LookupError("group")
    return Scope(course_id=course_id, cohort_id=group_id)
