"""Sessions: stored in the database (the one source of truth: a session survives a Redis
outage and a restart), read through the cache, so a signed-in request makes no session query.

This is Django's `cached_db` engine with one change: a session stays in the cache at most
`LMS_SESSION_CACHE_SECONDS` (60) instead of its whole life. Ending a session (signing out,
"sign out everywhere") deletes the row and the cached copy; if the cache
cannot be reached at that moment (`lms.core.cache.ResilientRedisCache` drops the delete), the
copy it still holds when it comes back expires within that bound, and until then the
session's user is still loaded from the database on every request, so a disabled account or
a changed password is refused at once whatever the cache holds."""

from django.conf import settings
from django.contrib.sessions.backends import cached_db


class _BoundedCache:
    """The session cache, with every entry's lifetime capped."""

    def __init__(self, cache, seconds: int) -> None:
        self._cache = cache
        self._seconds = seconds

    def _bounded(self, timeout) -> int:
        return self._seconds if timeout is None else min(int(timeout), self._seconds)

    def set(self, key, value, timeout=None) -> None:
        self._cache.set(key, value, self._bounded(timeout))

    async def aset(self, key, value, timeout=None) -> None:
        await self._cache.aset(key, value, self._bounded(timeout))

    def __contains__(self, key) -> bool:
        return key in self._cache

    def __getattr__(self, name: str):
        return getattr(self._cache, name)


class SessionStore(cached_db.SessionStore):
    def __init__(self, session_key=None):
        super().__init__(session_key)
        self._cache = _BoundedCache(self._cache, settings.LMS_SESSION_CACHE_SECONDS)
