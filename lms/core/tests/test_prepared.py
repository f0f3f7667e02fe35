"""Queries built once per process (lms.core.prepared): the same rows as the queryset built
afresh, for other people and other times, on PostgreSQL and SQLite alike."""

import datetime as dt

import pytest
from django.db.models import Count, Q, QuerySet, Window
from django.utils import timezone

from lms.accounts.tests.factories import StudentFactory
from lms.catalog.models import Course
from lms.catalog.tests.factories import CourseFactory
from lms.core.prepared import PreparedValues
from lms.notifications.models import Notification

pytestmark = pytest.mark.django_db


def newest_since(*, user_id: int, since: dt.datetime) -> QuerySet:
    return (
        Notification.objects.filter(user_id=user_id, created_at__gte=since)
        .order_by("-created_at", "-pk")
        .annotate(unread=Window(Count("pk", filter=Q(read_at__isnull=True))))
        .values("pk", "title", "read_at", "created_at", "unread")[:3]
    )


def notify(user, title: str, *, hours_ago: int, read: bool = False) -> Notification:
    at = timezone.now() - dt.timedelta(hours=hours_ago)
    notification = Notification.objects.create(user=user, kind="enrolled", title=title)
    Notification.objects.filter(pk=notification.pk).update(
        created_at=at, read_at=at if read else None
    )
    return notification


def test_rows_are_those_of_the_queryset_for_each_person_and_time(django_assert_num_queries):
    ana, bo = StudentFactory(), StudentFactory()
    for hours in range(5):
        notify(ana, f"Ana {hours}", hours_ago=hours, read=hours % 2 == 0)
    notify(bo, "Bo", hours_ago=1)
    prepared = PreparedValues(newest_since, user_id=int, since=dt.datetime)
    now = timezone.now()
    for person, since in [
        (ana, now - dt.timedelta(days=1)),
        (bo, now - dt.timedelta(days=1)),
        (ana, now - dt.timedelta(hours=2, minutes=30)),
        (bo, now),
    ]:
        with django_assert_num_queries(1):
            rows = prepared.rows(user_id=person.pk, since=since)
        assert rows == list(newest_since(user_id=person.pk, since=since))
    rows = prepared.rows(user_id=ana.pk, since=now - dt.timedelta(days=1))
    assert [row["title"] for row in rows] == ["Ana 0", "Ana 1", "Ana 2"]
    assert rows[0]["unread"] == 2  # of all five, not only the three shown
    assert isinstance(rows[0]["created_at"], dt.datetime)  # converted on SQLite too
    assert rows[0]["created_at"].tzinfo is not None


def test_a_value_that_never_reaches_the_sql_is_refused():
    prepared = PreparedValues(
        lambda *, user_id, since: Notification.objects.filter(user_id=user_id).values("pk"),
        user_id=int,
        since=dt.datetime,
    )
    with pytest.raises(ValueError, match="since"):
        prepared.rows(user_id=1, since=timezone.now())


def test_a_value_computed_from_a_parameter_is_refused():
    """`since - 1 day` would be kept from the first call forever: refused at preparation."""
    prepared = PreparedValues(
        lambda *, user_id, since: Notification.objects.filter(
            user_id=user_id, created_at__gte=since, read_at__lt=since - dt.timedelta(days=1)
        ).values("pk"),
        user_id=int,
        since=dt.datetime,
    )
    with pytest.raises(ValueError, match="computed from its parameters"):
        prepared.rows(user_id=1, since=timezone.now())


def test_none_and_wrong_types_are_refused():
    prepared = PreparedValues(newest_since, user_id=int, since=dt.datetime)
    with pytest.raises(TypeError):
        prepared.rows(user_id=None, since=timezone.now())
    with pytest.raises(TypeError):
        prepared.rows(user_id=1, since="2026-01-01")


def course_by_slug(*, slug: str) -> QuerySet:
    return Course.objects.rewrite(False).filter(slug=slug).order_by().values("pk", "slug")


def test_a_string_parameter_gives_the_rows_of_the_queryset(django_assert_num_queries):
    first, second = CourseFactory(slug="first"), CourseFactory(slug="second")
    builds = []

    def build(*, slug: str) -> QuerySet:
        builds.append(slug)
        return course_by_slug(slug=slug)

    prepared = PreparedValues(build, slug=str)
    for course in [first, second, first]:
        with django_assert_num_queries(1):
            rows = prepared.rows(slug=course.slug)
        assert (
            rows
            == list(course_by_slug(slug=course.slug))
            == [{"pk": course.pk, "slug": course.slug}]
        )
    assert prepared.rows(slug="nobody") == []
    assert prepared.rows(slug="it's; --") == []  # a parameter, never part of the SQL text
    assert len(builds) == 2  # the SQL and the check that it holds no derived value


def test_a_string_the_lookup_rewrites_is_refused():
    """`contains` sends `%slug%`: not the value itself, so no marker reaches the SQL."""
    prepared = PreparedValues(
        lambda *, slug: Course.objects.filter(slug__contains=slug).values("pk"), slug=str
    )
    with pytest.raises(ValueError, match="slug"):
        prepared.rows(slug="first")


def test_a_string_computed_from_a_parameter_is_refused():
    prepared = PreparedValues(
        lambda *, slug: Course.objects.filter(slug=slug, title=slug.upper()).values("pk"),
        slug=str,
    )
    with pytest.raises(ValueError, match="computed from its parameters"):
        prepared.rows(slug="first")


def test_none_and_other_types_are_refused_for_a_string():
    prepared = PreparedValues(course_by_slug, slug=str)
    for value in [None, 5, b"first"]:
        with pytest.raises(TypeError):
            prepared.rows(slug=value)
