"""The load benchmark (bench/run.py): production settings on 127.0.0.1, plus what only the
benchmark needs: a bare JSON view to compare every page with, and a header that counts each
response's database queries. Never used to serve people."""

from config.settings.base import STORAGES, env
from config.settings.production import *  # noqa: F403
from config.settings.production import DATABASES, MIDDLEWARE

ROOT_URLCONF = "config.urls_bench"
MIDDLEWARE = ["config.urls_bench.QueryCountMiddleware", *MIDDLEWARE]

# Plain HTTP on the loopback interface, no collected static files (pages are measured, not
# their assets).
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# One client address sends all the load: the API throttles would measure themselves.
REST_FRAMEWORK = {**REST_FRAMEWORK}  # noqa: F405
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {
    name: "1000000/minute" for name in REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
}

# The variants the benchmark compares (bench/run.py --pool / --jit).
if env.bool("LMS_BENCH_POOL", default=True):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 2,
        "max_size": env.int("LMS_BENCH_POOL_SIZE", default=8),
        "timeout": 10,
    }
if env.bool("LMS_BENCH_JIT", default=False):  # as before #9: PostgreSQL's default
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = options.get("options", "").replace("-c jit=off", "").strip()
