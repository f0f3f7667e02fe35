"""Read queries whose SQL is built once per process, then only run with new values.

Building a queryset's SQL costs Python time on every request: a dashboard panel whose
filter holds three EXISTS subqueries (who is invited to a meeting, whom an assignment
targets) spends 2–5 ms in the ORM before the database sees it, while the SQL never
changes from one person to the next: only the person's id and the time do.

`PreparedValues` builds its queryset once per database (the first call) with a *marker*
for each parameter, keeps the SQL, where each marker landed among the SQL's parameters,
and the compiler (for the database's converters: SQLite's dates are strings until
converted), and from then on runs that SQL with the real values. Its rows are those of
`.values()` on the queryset built afresh (`lms/core/tests/test_prepared.py`).

A builder must keep its SQL's shape whatever the values: parameters are ids, times and
strings (a slug) that are only compared (`=`, `<`, `IN (subquery)`), never None (`IS NULL`
is other SQL),
never lists (`IN (%s, %s)` grows). The preparation refuses a builder whose marker does not
reach the SQL (a value folded into the text, or unused).
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import connections
from django.db.models import Model, QuerySet

_INT_MARKER = -7_340_017
_TIME_MARKER = dt.datetime(1901, 2, 3, 4, 5, 6, 700_000, tzinfo=dt.UTC)
# NUL characters: no constant of a query can hold them (PostgreSQL refuses them in text), so
# a string marker is never mistaken for one. A lookup that rewrites the value (`contains`
# adds %, `iexact` escapes it on SQLite) leaves no marker in the SQL and is refused.
_STR_MARKER = "\x00prepared-parameter-{number}\x00"


def _marker(kind: type, number: int) -> Any:
    if kind is int:
        return _INT_MARKER - number
    if kind is dt.datetime:
        return _TIME_MARKER + dt.timedelta(microseconds=number)
    if kind is str:
        return _STR_MARKER.format(number=number)
    raise TypeError(f"unsupported parameter type {kind!r}")


def _adapt(connection, kind: type, value: Any) -> Any:
    """The value as the ORM passes it to the database driver."""
    if kind is dt.datetime:
        return connection.ops.adapt_datetimefield_value(value)
    return value


class _Prepared:
    def __init__(self, *, sql: str, slots: list[tuple[int, str]], params: list, compiler, names):
        self.sql = sql
        self.slots = slots  # (position among the SQL's parameters, parameter name)
        self.params = params  # the constants, markers in the slots
        self.compiler = compiler
        self.names = names


class PreparedValues:
    """`PreparedValues(build, user_id=int, now=dt.datetime)`: `build(user_id=..., now=...)`
    returns a `.values(...)` queryset; `rows(user_id=5, now=...)` returns its rows as
    dicts, with the SQL built only on the first call per database."""

    def __init__(self, build: Callable[..., QuerySet], **kinds: type) -> None:
        self.build = build
        self.kinds = kinds
        self._by_database: dict[str, _Prepared] = {}

    def _prepare(self, using: str) -> _Prepared:
        connection = connections[using]
        markers = {name: _marker(kind, n) for n, (name, kind) in enumerate(self.kinds.items())}
        queryset = self.build(**markers)
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        adapted = {
            _adapt(connection, self.kinds[name], value): name for name, value in markers.items()
        }
        slots = [(i, adapted[p]) for i, p in enumerate(params) if _hashable(p) and p in adapted]
        missing = set(self.kinds) - {name for _position, name in slots}
        if missing:
            raise ValueError(f"{self.build.__qualname__}: {sorted(missing)} not in its SQL")
        self._refuse_derived_values(using, sql, params, {position for position, _ in slots})
        query = queryset.query
        names = [*query.extra_select, *query.values_select, *query.annotation_select]
        return _Prepared(sql=sql, slots=slots, params=list(params), compiler=compiler, names=names)

    def _refuse_derived_values(self, using: str, sql: str, params, slots: set[int]) -> None:
        """Build again with other markers: a parameter that changes but is no marker's slot
        was computed from a value (`now - timedelta(...)`, `now.date()`), and would be kept
        from the first call forever; a changed SQL text means the shape depends on values."""
        others = {name: _marker(kind, n + 97) for n, (name, kind) in enumerate(self.kinds.items())}
        other_sql, other_params = self.build(**others).query.get_compiler(using=using).as_sql()
        derived = [
            position
            for position, (first, second) in enumerate(zip(params, other_params, strict=False))
            if position not in slots and first != second
        ]
        if other_sql != sql or len(other_params) != len(params) or derived:
            raise ValueError(
                f"{self.build.__qualname__}: its SQL holds values computed from its parameters"
            )

    def rows(self, *, using: str = "default", **values: Any) -> list[dict]:
        prepared = self._by_database.get(using)
        if prepared is None:
            prepared = self._by_database[using] = self._prepare(using)
        connection = connections[using]
        params = list(prepared.params)
        for position, name in prepared.slots:
            value = values[name]
            if value is None or not isinstance(value, self.kinds[name]):
                raise TypeError(f"{name} must be a {self.kinds[name].__name__}")
            params[position] = _adapt(connection, self.kinds[name], value)
        with connection.cursor() as cursor:
            cursor.execute(prepared.sql, params)
            fetched = cursor.fetchall()
        names = prepared.names
        return [
            dict(zip(names, row, strict=True))
            for row in prepared.compiler.results_iter(results=[fetched])
        ]


def instance_from_row(model: type[Model], row: dict, *, using: str = "default") -> Model:
    """A model instance from a row holding every concrete field by its attname, as the ORM
    builds one from the database (`from_db`); the row's other keys (annotations) become
    attributes, as `annotate()` sets them."""
    names = _concrete_attnames(model)
    instance = model.from_db(using, names, [row[name] for name in names])
    for name in row.keys() - set(names):
        setattr(instance, name, row[name])
    return instance


def concrete_values(model: type[Model]) -> list[str]:
    """What a `.values()` queryset must select for `instance_from_row`."""
    return list(_concrete_attnames(model))


def _concrete_attnames(model: type[Model]) -> tuple[str, ...]:
    return tuple(field.attname for field in model._meta.concrete_fields)


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True
