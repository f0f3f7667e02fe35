"""Version keys: a cache key whose value moves on whenever what it stands for changes, so
entries stored under an older value are never read again (they expire on their own). The
catalog's version (lms.catalog.cache) and each person's dashboard version
(lms.dashboard.cache) are such keys.

A reader reads the version *before* the rows it stores. A writer moves the version on at
once and again when its transaction commits (`now_and_at_commit`): an entry built in
between from the rows before the commit is stored under a value the commit has already
left behind."""

import time
from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction


def version_start(key: str, *, timeout: int | None = None) -> int:
    """The value of a version key found missing (a new or emptied cache, an expired key):
    a fresh one, which no entry stored under an earlier value can carry."""
    cache.add(key, fresh_version(), timeout=timeout)
    return int(cache.get(key) or 0)


def now_and_at_commit(move: Callable[[], None]) -> None:
    """Run `move` (which moves versions on) at once, for reads in this transaction, and,
    inside a transaction, again when it commits."""
    move()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(move)


def fresh_version() -> int:
    # Nanoseconds: two moves of one key (at once, then at commit) never get the same value.
    return time.time_ns()
