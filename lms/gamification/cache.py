"""The leaderboards' cache version: every computed board is stored under the *points
version*, and every ledger write moves it on, so an old board is never read again (it
expires on its own).

The version is bumped twice, at the write and again when its transaction commits: a reader
takes the version *before* it reads the ledger, so a board computed from data read before
the commit is stored under a version the commit has already left behind.
"""

import time

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "points:version"


def points_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # A new or emptied cache: start from a value no earlier entry can carry.
        cache.add(VERSION_KEY, _fresh_version(), timeout=None)
        version = cache.get(VERSION_KEY) or 0
    return int(version)


def points_changed() -> None:
    """Call from every service that writes ledger rows."""
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not there (expired or flushed): a fresh value is as good
        cache.set(VERSION_KEY, _fresh_version(), timeout=None)


def _fresh_version() -> int:
    return time.time_ns() // 1000
