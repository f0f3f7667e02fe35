"""Tests: the same settings as production where it matters, fast where it does not."""

from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASES, HUEY, STORAGES, VAR_DIR

SECRET_KEY = "test-only-secret-key-that-is-long-enough-for-hmac-and-jwt-signing"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]

# Argon2 stays first in the real settings (a test checks it); here hashing must be fast.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = str(VAR_DIR / "test-media")
# Jobs run inline, through the same task functions the worker runs.
HUEY = {**HUEY, "immediate": True}
LMS_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WHITENOISE_AUTOREFRESH = True  # no collectstatic in tests: serve from the finders
# Threads in tests (live server, concurrency checks) must not keep connections open after
# they finish, or the test database cannot be dropped at the end.
DATABASES["default"]["CONN_MAX_AGE"] = 0
# The suite creates and drops its database under the same alias, and Django's pool keeps the
# connection parameters of its first use: tests use one connection per thread instead. The
# pool itself is exercised by config/tests/test_database_connections.py, through daphne.
DATABASES["default"].get("OPTIONS", {}).pop("pool", None)

# Web push runs against a fake push service on loopback, with a pair made for this run.
from lms.notifications.vapid import vapid_keys_generate  # noqa: E402

LMS_VAPID_PUBLIC_KEY, LMS_VAPID_PRIVATE_KEY = vapid_keys_generate()
LMS_PUSH_ALLOW_LOCAL_HTTP = True
