"""The student's dashboard from the cache: read once, then served to the same person for at
most DASHBOARD_FRESH_SECONDS, in their language (its data for the API and the app, and the
app's rendered panels in the person's time zone).

A stored entry is used only while two versions still match the ones read before it was
built:
- the catalog version (lms.catalog.cache), so an unpublished, renamed or repriced course
  leaves every dashboard at once;
- the person's own version, moved on by `person_changed` for anything that changes what
  they see at once: their own writes (any POST, PUT, PATCH or DELETE they send:
  `OwnChangesMiddleware`) and what others do to them (enrolled, refunded, graded, added to a
  group...: receivers.py).

Everything else (a rival's points moving one's rank, a meeting the academy schedules for a
course) shows within DASHBOARD_FRESH_SECONDS. Both are version keys (lms.core.versions): read
before the dashboard, moved on at once and again at commit, so a dashboard built from the
rows before a commit is never read.
"""

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.utils.translation import get_language

from lms.accounts.models import User
from lms.catalog.cache import VERSION_KEY as CATALOG_VERSION_KEY
from lms.catalog.cache import catalog_version
from lms.core.versions import fresh_version, now_and_at_commit, version_start
from lms.dashboard.selectors import StudentDashboard, student_dashboard_get

DASHBOARD_FRESH_SECONDS = 60
T = TypeVar("T")
# Longer than a stored dashboard lives: a version that expires only costs one rebuild.
PERSON_VERSION_SECONDS = 24 * 60 * 60


def _person_version_key(user_id: int) -> str:
    return f"dashboard:person:{user_id}"


def person_cached_get(*, user: User, kind: str, build: Callable[[], T], vary: tuple = ()) -> T:
    """`build()`'s answer for this person, kind, language and `vary` (say, a time zone),
    stored under the catalog's and the person's versions for at most
    DASHBOARD_FRESH_SECONDS: one cache round trip when still current."""
    person_key = _person_version_key(user.pk)
    data_key = ":".join(["dashboard", kind, str(user.pk), get_language() or "", *map(str, vary)])
    found = cache.get_many([CATALOG_VERSION_KEY, person_key, data_key])
    versions = (
        found.get(CATALOG_VERSION_KEY) or catalog_version(),
        found.get(person_key) or version_start(person_key, timeout=PERSON_VERSION_SECONDS),
    )
    stored = found.get(data_key)
    if stored is not None and stored[0] == versions:
        return stored[1]
    value = build()
    cache.set(data_key, (versions, value), DASHBOARD_FRESH_SECONDS)
    return value


def student_dashboard_cached_get(*, user: User) -> StudentDashboard:
    """What `student_dashboard_get` answers, from the cache while the person's stored one is
    current (the API and the app's page share it)."""
    return person_cached_get(user=user, kind="data", build=lambda: student_dashboard_get(user=user))


def person_changed(*user_ids: int) -> None:
    """What these people see has changed: their stored dashboards are not read again (their
    versions move on at once and, inside a transaction, again when it commits)."""
    keys = [_person_version_key(user_id) for user_id in dict.fromkeys(user_ids) if user_id]
    if keys:
        now_and_at_commit(lambda: _versions_move_on(keys))


def _versions_move_on(keys: list[str]) -> None:
    cache.set_many({key: fresh_version() for key in keys}, PERSON_VERSION_SECONDS)
