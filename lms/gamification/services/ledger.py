"""The one writer of the points ledger, and of the running totals kept beside it.

`ledger_add` saves ledger rows and adds their points to every total they count in (the
person's all-time, week and month totals, for everyone and, for a row with a course, for
that course) in the same transaction, by an upsert:
`INSERT ... ON CONFLICT DO UPDATE SET points = points + excluded.points`. The database adds
under the row's lock, so concurrent writers never lose an update; the rows are upserted in
one order (person, course, period) so two writers cannot deadlock on them.

`points_totals_rebuild` derives the whole table from the ledger again (after a change of the
academy's time zone, or to check the running totals).
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db import connection, transaction
from django.db.models import DateField, F, IntegerField, Sum, Value
from django.db.models.functions import TruncMonth, TruncWeek

from lms.core.events import publish
from lms.gamification.events import PointsAdded
from lms.gamification.models import PointsEntry, PointsPeriod, PointsTotal
from lms.gamification.periods import ALL_TIME_START, PERIODS, academy_zone, period_first_day

UPSERT_BATCH = 150  # rows per statement: 5 parameters each, far below SQLite's limit

TotalKey = tuple[int, int | None, str, object]  # person, course or None, period, first day


def ledger_add(entries: Sequence[PointsEntry]) -> list[PointsEntry]:
    """Save new ledger rows and add them to the running totals, all or nothing."""
    entries = list(entries)
    if not entries:
        return []
    # No savepoint of its own: a failure here fails the caller's whole transaction.
    with transaction.atomic(savepoint=False):
        if len(entries) == 1:
            entries[0].save(force_insert=True)
        else:
            PointsEntry.objects.bulk_create(entries, batch_size=1000)
        totals_add(entries)
        publish(PointsAdded(user_ids=tuple(sorted({entry.user_id for entry in entries}))))
    return entries


def totals_add(entries: Iterable[PointsEntry]) -> None:
    """Add the rows' points to their totals (callers: `ledger_add` only)."""
    changes: dict[TotalKey, int] = defaultdict(int)
    for entry in entries:
        for period in PERIODS:
            day = period_first_day(period, at=entry.created_at)
            changes[(entry.user_id, None, period, day)] += entry.points
            if entry.course_id is not None:
                changes[(entry.user_id, entry.course_id, period, day)] += entry.points
    ordered = sorted(
        changes.items(), key=lambda item: (item[0][0], item[0][1] or 0, item[0][2], item[0][3])
    )
    everyone = [(key, points) for key, points in ordered if key[1] is None]
    per_course = [(key, points) for key, points in ordered if key[1] is not None]
    _upsert(everyone, target="user_id, period, period_start", where="course_id IS NULL")
    _upsert(
        per_course,
        target="user_id, course_id, period, period_start",
        where="course_id IS NOT NULL",
    )


def _upsert(rows: list[tuple[TotalKey, int]], *, target: str, where: str) -> None:
    table = connection.ops.quote_name(PointsTotal._meta.db_table)
    date_field = PointsTotal._meta.get_field("period_start")
    with connection.cursor() as cursor:
        for start in range(0, len(rows), UPSERT_BATCH):
            batch = rows[start : start + UPSERT_BATCH]
            values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(batch))
            params: list = []
            for (user_id, course_id, period, day), points in batch:
                day = date_field.get_db_prep_value(day, connection)
                params += [user_id, course_id, period, day, points]
            # Names and placeholders only in the text; the values are parameters.
            cursor.execute(
                f"INSERT INTO {table} (user_id, course_id, period, period_start, points) "  # noqa: S608
                f"VALUES {values} ON CONFLICT ({target}) WHERE {where} "
                f"DO UPDATE SET points = {table}.points + excluded.points",
                params,
            )


@transaction.atomic
def points_totals_rebuild(*, entry_model=PointsEntry, total_model=PointsTotal) -> int:
    """Replace every running total by the sums of the ledger (the models may be a
    migration's historical ones). Returns how many totals there are."""
    total_model.objects.all().delete()
    zone = academy_zone()
    starts = {
        PointsPeriod.ALL: Value(ALL_TIME_START, output_field=DateField()),
        PointsPeriod.WEEK: TruncWeek("created_at", output_field=DateField(), tzinfo=zone),
        PointsPeriod.MONTH: TruncMonth("created_at", output_field=DateField(), tzinfo=zone),
    }
    table = connection.ops.quote_name(total_model._meta.db_table)
    with connection.cursor() as cursor:
        for period, start in starts.items():
            for per_course in (False, True):
                rows = entry_model.objects.all()
                if per_course:
                    rows = rows.filter(course__isnull=False)
                course = F("course_id") if per_course else Value(None, IntegerField())
                summed = (
                    rows.annotate(
                        scope=course,
                        kind=Value(str(period)),
                        first_day=start,
                    )
                    .values("user_id", "scope", "kind", "first_day")
                    .annotate(total=Sum("points"))
                    .values_list("user_id", "scope", "kind", "first_day", "total")
                    .order_by()
                )
                sql, params = summed.query.sql_with_params()
                cursor.execute(
                    f"INSERT INTO {table} (user_id, course_id, period, period_start, points) {sql}",
                    params,
                )
    return total_model.objects.count()
