"""A cache that degrades instead of failing when Redis is down.

`ResilientRedisCache` is Django's RedisCache whose operations treat an unreachable server as
a miss (reads return the default, writes are dropped) and log it, so pages, the API and the
sign-in forms keep answering without the cache. After a failure the server is left alone
for a few seconds (a circuit breaker shared by the process), so a dead Redis costs one short
connect timeout per interval instead of one per cache call.

Code that must not go on without the cache (fail closed, e.g. a limit on password guesses)
asks first with `cache_available()`, or uses `strict_cache()`, whose operations raise
`CacheUnavailable` instead of degrading.
"""

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Errors that mean "the server cannot be reached", as opposed to a bug in the caller.
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)

# Server location -> monotonic time until which it is not tried again. Module-level because
# Django builds a cache object per thread (per request under daphne).
_down_until: dict[str, float] = {}
_lock = threading.Lock()


class CacheUnavailable(Exception):
    """The cache server cannot be reached (raised only through strict_cache())."""


def _is_down(location: str) -> bool:
    return _down_until.get(location, 0.0) > time.monotonic()


def _mark_down(location: str, seconds: float, error: Exception) -> None:
    with _lock:
        was_down = location in _down_until
        _down_until[location] = time.monotonic() + seconds
    logger.warning(
        "Cache unavailable%s (%s: %s); going on without it, next try in %.0f s",
        " again" if was_down else "",
        type(error).__name__,
        error,
        seconds,
    )


def _mark_up(location: str) -> None:
    if location in _down_until:
        with _lock:
            if _down_until.pop(location, None) is not None:
                logger.warning("Cache reachable again")


# (server URL, pool options) -> the process's connection pool and redis-py client for it.
_shared_clients: dict[tuple[str, str], Any] = {}


class SharedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis cache client, with one connection pool and one redis-py client per
    server and options for the whole process. Django builds the cache object, and so its
    client and pools, for every thread: under daphne that is every request, which then
    opened a new connection to Redis (a TCP connect and the client's handshake, ~8 % of a
    signed-in page's CPU) and built a redis-py client for every cache call. redis-py's pools
    and clients are safe to share between threads (a client takes a connection from its pool
    for each command), and a pool used after a fork starts afresh."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._options_key = repr(sorted(self._pool_options.items()))

    def get_client(self, key=None, *, write=False):
        server = self._servers[self._get_connection_pool_index(write)]
        shared = (server, self._options_key)
        client = _shared_clients.get(shared)
        if client is None:
            with _lock:
                client = _shared_clients.get(shared)
                if client is None:
                    pool = self._pool_class.from_url(server, **self._pool_options)
                    client = _shared_clients[shared] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """RedisCache where an unreachable server is a miss, never an error.

    Fallbacks: get -> default, get_many -> {}, has_key/touch/delete -> False, set and
    delete_many -> nothing, set_many -> every key (all failed), incr/decr -> ValueError (as
    for a missing key), add -> True (as if stored: a lock taken with add(), as allauth's rate
    limits do, is granted instead of waited for and refused). OPTIONS["RETRY_AFTER_SECONDS"] (default 5) sets the breaker's pause;
    every other option goes to redis-py (give it short socket timeouts).
    """

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self.retry_after_seconds = float(options.pop("RETRY_AFTER_SECONDS", 5))
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = SharedClientRedisCacheClient
        self._location = ",".join(self._servers)
        self._strict = False

    def strict(self) -> "ResilientRedisCache":
        """The same cache, with operations that raise CacheUnavailable instead of degrading."""
        clone = object.__new__(type(self))
        clone.__dict__.update(self.__dict__)
        clone._strict = True
        return clone

    def is_available(self) -> bool:
        """False while the breaker is open; otherwise asks the server (one PING)."""
        if _is_down(self._location):
            return False
        try:
            self._cache.get_client(write=False).ping()
        except UNREACHABLE as error:
            _mark_down(self._location, self.retry_after_seconds, error)
            return False
        _mark_up(self._location)
        return True

    def _guarded(self, operation: Callable[[], Any], fallback: Callable[[], Any]) -> Any:
        if _is_down(self._location):
            if self._strict:
                raise CacheUnavailable("the cache server was unreachable moments ago")
            return fallback()
        try:
            result = operation()
        except UNREACHABLE as error:
            _mark_down(self._location, self.retry_after_seconds, error)
            if self._strict:
                raise CacheUnavailable(str(error)) from error
            return fallback()
        _mark_up(self._location)
        return result

    # --- The cache API, each with its fallback ------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(
            lambda: super(ResilientRedisCache, self).add(key, value, timeout, version), _true
        )

    def get(self, key, default=None, version=None):
        return self._guarded(
            lambda: super(ResilientRedisCache, self).get(key, default, version), lambda: default
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._guarded(
            lambda: super(ResilientRedisCache, self).set(key, value, timeout, version), _none
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(
            lambda: super(ResilientRedisCache, self).touch(key, timeout, version), _false
        )

    def delete(self, key, version=None):
        return self._guarded(lambda: super(ResilientRedisCache, self).delete(key, version), _false)

    def get_many(self, keys, version=None):
        return self._guarded(lambda: super(ResilientRedisCache, self).get_many(keys, version), dict)

    def has_key(self, key, version=None):
        return self._guarded(lambda: super(ResilientRedisCache, self).has_key(key, version), _false)

    def incr(self, key, delta=1, version=None):
        def missing():
            raise ValueError(f"Key '{key}' not found (cache unavailable)")

        return self._guarded(
            lambda: super(ResilientRedisCache, self).incr(key, delta, version), missing
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(
            lambda: super(ResilientRedisCache, self).set_many(data, timeout, version),
            lambda: list(data),
        )

    def delete_many(self, keys, version=None):
        self._guarded(lambda: super(ResilientRedisCache, self).delete_many(keys, version), _none)

    def clear(self):
        return self._guarded(lambda: super(ResilientRedisCache, self).clear(), _false)


def _false() -> bool:
    return False


def _true() -> bool:
    return True


def _none() -> None:
    return None


def cache_available(alias: str = "default") -> bool:
    """Whether the cache can be used right now. A cache in this process's memory always can;
    a Redis cache cannot while its server was unreachable moments ago or does not answer."""
    backend = caches[alias]
    return backend.is_available() if isinstance(backend, ResilientRedisCache) else True


def strict_cache(alias: str = "default") -> BaseCache:
    """The cache for callers that must fail closed: its operations raise CacheUnavailable
    when the server cannot be reached (a memory cache is returned as it is)."""
    backend = caches[alias]
    return backend.strict() if isinstance(backend, ResilientRedisCache) else backend
