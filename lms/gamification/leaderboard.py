"""Leaderboards: all time, this week, this month (in the academy's zone); everyone, one
course, or one group.

A board is ranked from the running totals (`PointsTotal`, one row per person in the board,
kept in the transaction of every ledger write; see services/ledger.py), not from the ledger:
RANK() OVER (ORDER BY points DESC) over about one row per person, the standard competition
ranking ("1224": people with equal points share a rank, and the next rank skips). A week or
month board reads only that period's rows. A group board ranks the everyone-totals of the
group's current members (a person's points follow them into each group).

Nothing is cached: a whole board read costs ~13 ms of database time at 10,000 people (one's
own standing alone, `own_standing_get`, 2 ms), and reading the totals directly means a
ledger write is in the very next board read (README, "Performance").
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import Count, F, Max, Q, QuerySet, Subquery, Value, Window
from django.db.models.functions import Rank

from lms.accounts.models import Cohort, CohortMembership, User
from lms.accounts.permissions import is_admin
from lms.catalog.models import Course
from lms.core.prepared import PreparedValues
from lms.gamification.models import PointsTotal
from lms.gamification.periods import (
    PERIODS,
    academy_zone,
    period_first_day,
    period_start,
)

__all__ = ["PERIODS", "academy_zone", "period_start"]  # re-exported for the faces

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


def _totals(
    *, period: str, at: dt.datetime | None, course_id: int | None, cohort_id: int | None
) -> QuerySet[PointsTotal]:
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}")
    totals = PointsTotal.objects.filter(
        period=period, period_start=period_first_day(period, at=at), course_id=course_id
    )
    if cohort_id is not None:
        totals = totals.filter(user__cohort_memberships__cohort_id=cohort_id)
    return totals


def standings_get(
    *,
    period: str = "all",
    course_id: int | None = None,
    cohort_id: int | None = None,
    at: dt.datetime | None = None,
) -> list[Standing]:
    """The whole ranked board (one query; the console's CSV export)."""
    rows = (
        _totals(period=period, at=at, course_id=course_id, cohort_id=cohort_id)
        .annotate(rank=Window(Rank(), order_by=F("points").desc()))
        .order_by("rank", "user_id")
        .values_list("user_id", "points", "rank")
    )
    return [Standing(user_id=u, points=int(p), rank=int(r)) for u, p, r in rows]


@dataclass(frozen=True)
class OwnStanding:
    points: int | None  # None when the person has no points in this board
    rank: int | None
    size: int


def _own_standing_query(*, totals: QuerySet[PointsTotal], user_id: int) -> QuerySet:
    """The board's size, one's own points and how many have more, as one row (none for an
    empty board)."""
    mine = totals.filter(user_id=user_id).values("points")[:1]
    return (
        totals.order_by()
        .annotate(everything=Value(1))
        .values("everything")  # one group: the whole board
        .annotate(
            size=Count("points"),
            own_points=Max("points", filter=Q(user_id=user_id)),
            above=Count("points", filter=Q(points__gt=Subquery(mine))),
        )
        .values("size", "own_points", "above")
    )


# The dashboard's board (everyone, all time): its SQL built once per process.
_own_standing_everyone = PreparedValues(
    lambda user_id: _own_standing_query(
        totals=_totals(period="all", at=None, course_id=None, cohort_id=None), user_id=user_id
    ),
    user_id=int,
)


def own_standing_get(
    *,
    user: User,
    period: str = "all",
    course_id: int | None = None,
    at: dt.datetime | None = None,
) -> OwnStanding:
    """One's own rank, points and the board's size, as `board_get` tells them, without
    ranking the board: the rank is one more than the number of people with more points
    (the competition ranking of RANK()). One query, one pass over the board's index; at
    10,000 people 2 ms where ranking the whole board takes 13."""
    if period == "all" and course_id is None:
        rows = _own_standing_everyone.rows(user_id=user.pk)
    else:
        totals = _totals(period=period, at=at, course_id=course_id, cohort_id=None)
        rows = list(_own_standing_query(totals=totals, user_id=user.pk))
    figures = rows[0] if rows else {"size": 0, "own_points": None, "above": 0}
    points = figures["own_points"]
    return OwnStanding(
        points=None if points is None else int(points),
        rank=None if points is None else figures["above"] + 1,
        size=figures["size"],
    )


# The board ranked in the database, of which only the rows shown leave it: the top, and
# one's own row with neighbours when it is below the top. The first row always comes (a
# LEFT JOIN from the board's size), so an empty selection still tells the size. Names are
# looked up for the rows shown only.
BOARD_SQL = """
WITH board AS ({ranked}),
mine AS (SELECT position FROM board WHERE user_id = %s)
SELECT counted.size, shown.rank, shown.user_id,
       (SELECT people.{name} FROM {people} AS people WHERE people.{pk} = shown.user_id),
       shown.points, shown.position
FROM (SELECT COUNT(*) AS size FROM board) AS counted
LEFT JOIN board AS shown ON (
    shown.position <= %s
    OR (
        (SELECT position FROM mine) > %s
        AND shown.position BETWEEN (SELECT position FROM mine) - %s
                               AND (SELECT position FROM mine) + %s
    )
)
ORDER BY shown.position
"""


def _ranked_sql(*, period, at, course_id, cohort_id) -> tuple[str, list]:
    table = connection.ops.quote_name(PointsTotal._meta.db_table)
    where = ["totals.period = %s", "totals.period_start = %s"]
    day = PointsTotal._meta.get_field("period_start").get_db_prep_value(
        period_first_day(period, at=at), connection
    )
    params: list = [period, day]
    if course_id is None:
        where.append("totals.course_id IS NULL")
    else:
        where.append("totals.course_id = %s")
        params.append(course_id)
    join = ""
    if cohort_id is not None:
        members = connection.ops.quote_name(CohortMembership._meta.db_table)
        join = f"JOIN {members} AS members ON members.user_id = totals.user_id"
        where.append("members.cohort_id = %s")
        params.append(cohort_id)
    # Only table and column names are put in the text; every value is a parameter.
    sql = (
        "SELECT totals.user_id, totals.points,"  # noqa: S608
        " RANK() OVER (ORDER BY totals.points DESC) AS rank,"
        " ROW_NUMBER() OVER (ORDER BY totals.points DESC, totals.user_id) AS position"
        f" FROM {table} AS totals {join} WHERE {' AND '.join(where)}"
    )
    return sql, params


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
    when they are not in the top. One query, whatever the size of the board."""
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}")
    top = settings.LMS_LEADERBOARD_TOP if top is None else top
    neighbours = settings.LMS_LEADERBOARD_NEIGHBOURS if neighbours is None else neighbours
    me_id = user.pk if user is not None and user.is_authenticated else None
    ranked, params = _ranked_sql(period=period, at=at, course_id=course_id, cohort_id=cohort_id)
    people = User._meta
    sql = BOARD_SQL.format(
        ranked=ranked,
        name=connection.ops.quote_name(people.get_field("full_name").column),
        people=connection.ops.quote_name(people.db_table),
        pk=connection.ops.quote_name(people.pk.column),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, me_id, top, top, neighbours, neighbours])
        fetched = cursor.fetchall()
    size = int(fetched[0][0])
    shown, around = [], []
    for _size, rank, user_id, name, points, position in fetched:
        if user_id is None:  # the board's size alone: nothing to show
            continue
        row = BoardRow(rank=int(rank), user_id=user_id, name=name or "", points=int(points))
        (shown if position <= top else around).append(row)
    me = next((row for row in shown + around if row.user_id == me_id), None)
    return Board(
        period=period,
        since=period_start(period, at=at),
        top=shown,
        me=me,
        around_me=around,
        size=size,
    )


def total_points(*, user: User) -> int:
    """All-time total: the person's running total (the sum of their ledger rows)."""
    total = PointsTotal.objects.filter(
        user=user, course=None, period="all", period_start=period_first_day("all")
    ).values_list("points", flat=True)
    return int(total.first() or 0)


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
