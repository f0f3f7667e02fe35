"""Production: every secret and host comes from the environment; HTTPS only."""

from django.core.exceptions import ImproperlyConfigured

from config.settings.base import *  # noqa: F403
from config.settings.base import env

# Shortest key accepted, and words that mark a key copied from an example, not generated.
SECRET_KEY_MIN_LENGTH = 50
PLACEHOLDER_SECRET_KEY_MARKS = ("change-me", "changeme", "django-insecure", "secret-key-here")


def _production_secret_key() -> str:
    """SECRET_KEY from the environment, refused when empty, short or a placeholder."""
    key = env.str("SECRET_KEY", default="").strip()
    generate = 'python3 -c "import secrets; print(secrets.token_urlsafe(50))"'
    if not key:
        raise ImproperlyConfigured(f"Set the SECRET_KEY environment variable: {generate}")
    if any(mark in key.lower() for mark in PLACEHOLDER_SECRET_KEY_MARKS):
        raise ImproperlyConfigured(
            f"SECRET_KEY is the placeholder from .env.example; generate one: {generate}"
        )
    if len(key) < SECRET_KEY_MIN_LENGTH or len(set(key)) < 5:
        raise ImproperlyConfigured(
            f"SECRET_KEY is too weak (at least {SECRET_KEY_MIN_LENGTH} characters, not one "
            f"repeated character); generate one: {generate}"
        )
    return key


DEBUG = False
SECRET_KEY = _production_secret_key()
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")  # required

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
