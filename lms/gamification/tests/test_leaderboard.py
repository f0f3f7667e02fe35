"""Leaderboards: ranks with ties, periods in the academy's zone, scopes, freshness."""

import datetime as dt
import zoneinfo

import pytest

from lms.accounts.models import CohortMembership
from lms.accounts.tests.factories import AdminFactory, CohortFactory, StudentFactory
from lms.catalog.tests.factories import CourseFactory
from lms.gamification import services
from lms.gamification.leaderboard import (
    board_get,
    own_standing_get,
    period_start,
    standings_get,
)
from lms.gamification.tests.factories import PointsEntryFactory

pytestmark = pytest.mark.django_db
KOLKATA = zoneinfo.ZoneInfo("Asia/Kolkata")


def at_kolkata(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=KOLKATA)


def ranks(standings) -> list[tuple[int, int]]:
    return [(s.rank, s.points) for s in standings]


def test_ties_share_a_rank_and_the_next_rank_skips():
    for points in (50, 30, 30, 10):
        PointsEntryFactory(points=points)
    assert ranks(standings_get(period="all")) == [(1, 50), (2, 30), (2, 30), (4, 10)]


def test_totals_are_sums_of_the_ledger_including_negative_rows():
    first, second = StudentFactory(), StudentFactory()
    PointsEntryFactory(user=first, points=40)
    PointsEntryFactory(user=first, points=-25)
    PointsEntryFactory(user=second, points=20)
    assert [(s.user_id, s.points) for s in standings_get(period="all")] == [
        (second.pk, 20),
        (first.pk, 15),
    ]


@pytest.mark.parametrize(
    ("period", "inside", "outside"),
    [
        # Monday 30 Nov 2026 00:00 in Kolkata is Sunday 18:30 UTC.
        ("week", at_kolkata(2026, 11, 30, 0, 0), at_kolkata(2026, 11, 29, 23, 59, 59)),
        ("month", at_kolkata(2026, 11, 1, 0, 0), at_kolkata(2026, 10, 31, 23, 59, 59)),
    ],
)
def test_week_and_month_start_at_midnight_in_the_academy_zone(settings, period, inside, outside):
    settings.LMS_ACADEMY_TIMEZONE = "Asia/Kolkata"
    now = at_kolkata(2026, 11, 30, 12, 0)
    counted, left_out = StudentFactory(), StudentFactory()
    PointsEntryFactory(user=counted, points=5, created_at=inside.astimezone(dt.UTC))
    PointsEntryFactory(user=left_out, points=5, created_at=outside.astimezone(dt.UTC))
    assert [s.user_id for s in standings_get(period=period, at=now)] == [counted.pk]
    assert {s.user_id for s in standings_get(period="all", at=now)} == {counted.pk, left_out.pk}


def test_period_start_is_monday_and_the_first_in_the_academy_zone(settings):
    settings.LMS_ACADEMY_TIMEZONE = "Asia/Kolkata"
    # Sunday 29 Nov 20:00 UTC is already Monday 30 Nov 01:30 in Kolkata.
    at = dt.datetime(2026, 11, 29, 20, 0, tzinfo=dt.UTC)
    assert period_start("week", at=at) == at_kolkata(2026, 11, 30)
    assert period_start("month", at=at) == at_kolkata(2026, 11, 1)
    assert period_start("all", at=at) is None


def test_course_and_group_boards():
    course, other_course = CourseFactory(), CourseFactory()
    cohort = CohortFactory()
    member, outsider = StudentFactory(), StudentFactory()
    CohortMembership.objects.create(cohort=cohort, user=member)
    PointsEntryFactory(user=member, points=10, course=course)
    PointsEntryFactory(user=member, points=7, course=other_course)
    PointsEntryFactory(user=outsider, points=50, course=course)
    assert ranks(standings_get(course_id=course.pk)) == [(1, 50), (2, 10)]
    assert [(s.user_id, s.points) for s in standings_get(cohort_id=cohort.pk)] == [(member.pk, 17)]


def test_a_ledger_write_is_in_the_next_board_read():
    student, rival = StudentFactory(), StudentFactory()
    PointsEntryFactory(user=student, points=10)
    PointsEntryFactory(user=rival, points=12)
    assert board_get(user=student).me.rank == 2
    services.points_adjust(user=student, points=5, reason="Prize", by=AdminFactory())
    assert ranks(standings_get()) == [(1, 15), (2, 12)]
    board = board_get(user=student)
    assert (board.me.rank, board.me.points) == (1, 15)


@pytest.mark.parametrize("scope", ["everyone", "course", "group"])
def test_a_board_read_is_one_query_whatever_its_size(django_assert_num_queries, scope):
    course, cohort = CourseFactory(), CohortFactory()
    filters = {
        "everyone": {},
        "course": {"course_id": course.pk},
        "group": {"cohort_id": cohort.pk},
    }
    counts = []
    for people in (3, 40):
        for _ in range(people):
            person = StudentFactory()
            CohortMembership.objects.create(cohort=cohort, user=person)
            PointsEntryFactory(user=person, points=people, course=course)
        me = StudentFactory()
        CohortMembership.objects.create(cohort=cohort, user=me)
        PointsEntryFactory(user=me, points=-people, course=course)
        with django_assert_num_queries(1):
            board = board_get(user=me, top=2, neighbours=1, **filters[scope])
        counts.append(board.size)
        assert board.me.rank == board.size and len(board.around_me) == 2
    assert counts == [4, 4 + 41]


def test_size_is_told_when_nothing_is_shown():
    PointsEntryFactory(points=3)
    board = board_get(user=StudentFactory(), top=0)
    assert (board.size, board.top, board.me) == (1, [], None)
    empty = board_get(user=None, period="week", course_id=CourseFactory().pk)
    assert (empty.size, empty.top) == (0, [])


def test_board_shows_the_top_and_me_with_neighbours(django_assert_max_num_queries):
    people = [StudentFactory() for _ in range(12)]
    for index, person in enumerate(people):
        PointsEntryFactory(user=person, points=100 - index)
    me = people[8]  # rank 9
    with django_assert_max_num_queries(1):
        board = board_get(user=me, top=3, neighbours=1)
    assert [row.rank for row in board.top] == [1, 2, 3]
    assert [row.rank for row in board.around_me] == [8, 9, 10]
    assert board.me.rank == 9 and board.me.points == 92 and board.me.name == me.full_name
    assert board.size == 12
    in_top = board_get(user=people[1], top=3, neighbours=1)
    assert in_top.me.rank == 2 and in_top.around_me == []
    nobody = board_get(user=StudentFactory(), top=3)
    assert nobody.me is None and nobody.around_me == []


def test_own_standing_tells_what_the_board_tells(django_assert_num_queries):
    """Rank (ties share one, the next skips), points and size, without ranking the board:
    for everyone's board and a course's, ties, a negative total and someone without points."""
    course = CourseFactory()
    people = [StudentFactory() for _ in range(6)]
    nobody_yet = own_standing_get(user=people[0])
    assert (nobody_yet.size, nobody_yet.rank, nobody_yet.points) == (0, None, None)
    for person, points in zip(people, (50, 30, 30, 10, -5), strict=False):
        PointsEntryFactory(user=person, points=points)
        PointsEntryFactory(user=person, points=points // 2 or 1, course=course)
    for course_id in (None, course.pk):
        for person in people:
            board = board_get(user=person, course_id=course_id, top=0, neighbours=0)
            with django_assert_num_queries(1):
                own = own_standing_get(user=person, course_id=course_id)
            assert own.size == board.size == 5
            assert own.rank == (board.me.rank if board.me else None)
            assert own.points == (board.me.points if board.me else None)
    assert own_standing_get(user=people[1]).rank == own_standing_get(user=people[2]).rank == 2
    assert own_standing_get(user=people[3]).rank == 4
    assert own_standing_get(user=people[5]).rank is None
