"""Settings of the data the LMS keeps: the database (SQLite file or PostgreSQL with a
connection pool) and Redis (cache, channel layer, Huey's queue), or their in-process
stand-ins when REDIS_URL is empty."""

from config.settings.environment import VAR_DIR, env

# Connections kept open when idle, the most open at once, and seconds a request waits
# for a free one before it fails. LMS_DB_POOL_MAX=0 turns the pool off (one connection
# per request, e.g. behind PgBouncer). PostgreSQL only.
LMS_DB_POOL_MIN = env.int("LMS_DB_POOL_MIN", default=2)
LMS_DB_POOL_MAX = env.int("LMS_DB_POOL_MAX", default=10)
LMS_DB_POOL_TIMEOUT = env.float("LMS_DB_POOL_TIMEOUT", default=10.0)

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the job worker read while the other writes;
    # IMMEDIATE makes a writing transaction take its lock up front instead of failing late.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
else:
    # Under daphne every request runs in a thread of its own, so a persistent connection
    # (CONN_MAX_AGE > 0) stays behind with each finished thread until PostgreSQL runs out of
    # slots. Each request closes its connection instead, which hands it back to a pool of
    # this process (psycopg_pool): at most LMS_DB_POOL_MAX connections per process, however
    # many requests run at once. Rule: LMS_DB_POOL_MAX × (web processes + worker processes)
    # + a few for management commands < PostgreSQL's max_connections.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
    if LMS_DB_POOL_MAX > 0:
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": min(LMS_DB_POOL_MIN, LMS_DB_POOL_MAX),
            "max_size": LMS_DB_POOL_MAX,
            "timeout": LMS_DB_POOL_TIMEOUT,
            # Connections above min_size close after this many idle seconds.
            "max_idle": 60,
        }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# PostgreSQL's JIT compiles any plan estimated above jit_above_cost: on short web queries it
# only costs (70–110 ms of compiling for a catalog query that runs in 17 ms). Its default
# random_page_cost (4) prices an index lookup for a spinning disk; on SSDs and a working set
# in memory, 1.1 lets it use the indexes the pages' lookups have (the dashboard's
# completions read 4,000 lessons in a sequential scan: 1.4 ms, 0.7 with the index). (#9)
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    _pg_options = DATABASES["default"].setdefault("OPTIONS", {})
    _pg_settings = "-c jit=off -c random_page_cost=1.1"
    _pg_options["options"] = f"{_pg_options.get('options', '')} {_pg_settings}".strip()

# Server-side binding lets PostgreSQL keep each query's plan: psycopg prepares a statement
# the second time a pooled connection runs its SQL, and PostgreSQL then skips parsing and
# planning it. Planning was more than half of the database's CPU on the student dashboard
# (3.2 of 5.6 ms over its 15 queries); prepared, its database CPU per request fell from 8.3
# to 3.6 ms (#9). LMS_DB_PREPARED_STATEMENTS=false turns it off (PgBouncer in transaction
# mode before 1.21 cannot keep prepared statements).
LMS_DB_PREPARED_STATEMENTS = env.bool("LMS_DB_PREPARED_STATEMENTS", default=True)
if DATABASES["default"]["ENGINE"].endswith("postgresql") and LMS_DB_PREPARED_STATEMENTS:
    _pg_options["server_side_binding"] = True
    _pg_options["prepare_threshold"] = 2

REDIS_URL = env.str("REDIS_URL", default="")

# Redis down must not take the site down: the cache treats an unreachable server as a miss
# (lms.core.cache), and every client gives up connecting after a fraction of a second.
# Seconds to wait for Redis to accept a connection, and to answer a cache call.
LMS_REDIS_CONNECT_TIMEOUT = env.float("LMS_REDIS_CONNECT_TIMEOUT", default=0.5)
LMS_CACHE_TIMEOUT = env.float("LMS_CACHE_TIMEOUT", default=1.0)
# After a failed cache call, seconds during which the cache is not tried (misses instead).
LMS_CACHE_RETRY_AFTER = env.float("LMS_CACHE_RETRY_AFTER", default=5.0)


def _redis_url_with(url: str, **params: float) -> str:
    query = "&".join(f"{name}={value}" for name, value in params.items())
    return f"{url}{'&' if '?' in url else '?'}{query}"


if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "lms.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "socket_connect_timeout": LMS_REDIS_CONNECT_TIMEOUT,
                "socket_timeout": LMS_CACHE_TIMEOUT,
                "RETRY_AFTER_SECONDS": LMS_CACHE_RETRY_AFTER,
            },
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "lms.core.channel_layer.ResilientRedisChannelLayer",
            # Receiving blocks on Redis for seconds by design: the layer reads with a timeout
            # longer than that wait (lms.core.channel_layer), so idle sockets stay open.
            "CONFIG": {
                "hosts": [
                    {"address": REDIS_URL, "socket_connect_timeout": LMS_REDIS_CONNECT_TIMEOUT}
                ]
            },
        }
    }
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "lms",
        "immediate": False,
        # The consumer's blocking reads wait 1 s, so reads may take longer than that.
        "connection": {
            "url": _redis_url_with(
                REDIS_URL, socket_connect_timeout=LMS_REDIS_CONNECT_TIMEOUT, socket_timeout=10
            )
        },
        "consumer": {"workers": env.int("HUEY_WORKERS", default=2), "worker_type": "thread"},
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "lms",
        "immediate": False,
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "consumer": {"workers": env.int("HUEY_WORKERS", default=2), "worker_type": "thread"},
    }
