"""The cache treats a dead Redis as a miss, briefly stops trying, and resumes by itself (#7).

Runs against a redis-server of the test's own, stopped and started mid-test."""

import shutil
import time

import pytest

from config.tests.servers import RedisServer
from lms.core import cache as resilient
from lms.core.cache import CacheUnavailable, ResilientRedisCache

pytestmark = pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server")

RETRY_AFTER = 0.5


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    yield server
    server.stop()


@pytest.fixture
def cache(redis_server, monkeypatch):
    monkeypatch.setattr(resilient, "_down_until", {})
    return ResilientRedisCache(
        redis_server.url,
        {
            "OPTIONS": {
                "socket_connect_timeout": 0.5,
                "socket_timeout": 1,
                "RETRY_AFTER_SECONDS": RETRY_AFTER,
            }
        },
    )


def test_a_dead_redis_is_a_miss_and_writes_are_dropped(cache, redis_server):
    cache.set("kept", "value")
    assert cache.get("kept") == "value"

    redis_server.stop()
    started = time.monotonic()
    assert cache.get("kept", "default") == "default"
    assert cache.get_many(["kept"]) == {}
    assert cache.has_key("kept") is False
    assert cache.add("lock", 1) is True  # a lock taken through the cache is granted
    cache.set("other", 1)
    cache.delete_many(["kept"])
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    with pytest.raises(ValueError):
        cache.incr("kept")
    assert cache.get_or_set("computed", lambda: 42) == 42
    assert time.monotonic() - started < 1


def test_after_a_failure_the_server_is_not_tried_until_the_pause_ends(cache, redis_server):
    redis_server.stop()
    attempts = []
    real_client = cache._cache.get_client

    def counting_client(*args, **kwargs):
        attempts.append(1)
        return real_client(*args, **kwargs)

    cache._cache.get_client = counting_client
    for _ in range(50):
        cache.get("key")
    assert len(attempts) == 1
    time.sleep(RETRY_AFTER + 0.1)
    cache.get("key")
    assert len(attempts) == 2


def test_everything_resumes_when_redis_returns(cache, redis_server):
    redis_server.stop()
    assert cache.get("key") is None
    assert cache.is_available() is False
    redis_server.start()
    time.sleep(RETRY_AFTER + 0.1)
    cache.set("key", "back")
    assert cache.get("key") == "back"
    assert cache.is_available() is True


def test_the_strict_cache_raises_instead_of_degrading(cache, redis_server):
    strict = cache.strict()
    strict.set("key", 1)
    assert strict.get("key") == 1
    redis_server.stop()
    with pytest.raises(CacheUnavailable):
        strict.get("key")
    with pytest.raises(CacheUnavailable):  # the breaker is open: no new attempt, same answer
        strict.incr("key")
    assert cache.get("key", "default") == "default"


def test_cache_available_and_strict_cache_for_the_configured_cache(settings, redis_server):
    settings.CACHES = {
        "default": {
            "BACKEND": "lms.core.cache.ResilientRedisCache",
            "LOCATION": redis_server.url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "RETRY_AFTER_SECONDS": RETRY_AFTER},
        }
    }
    assert resilient.cache_available() is True
    redis_server.stop()
    assert resilient.cache_available() is False
    with pytest.raises(CacheUnavailable):
        resilient.strict_cache().get("anything")


def test_a_memory_cache_is_always_available(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert resilient.cache_available() is True
    resilient.strict_cache().set("key", 1)
    assert resilient.strict_cache().get("key") == 1


def test_cache_objects_of_many_requests_share_one_connection(redis_server, monkeypatch):
    """Django builds a cache object per thread, which is per request under daphne: all of
    them use the process's one pool, so requests do not connect to Redis again."""
    import threading

    import redis

    monkeypatch.setattr(resilient, "_shared_clients", {})
    probe = redis.Redis.from_url(redis_server.url)
    connections_before = probe.info("stats")["total_connections_received"]

    def one_request(number: int) -> None:
        cache = ResilientRedisCache(redis_server.url, {"OPTIONS": {"socket_timeout": 1}})
        cache.set(f"key-{number}", number)
        assert cache.get(f"key-{number}") == number

    for number in range(5):
        thread = threading.Thread(target=one_request, args=(number,))
        thread.start()
        thread.join()
    received = probe.info("stats")["total_connections_received"] - connections_before
    assert received == 1
