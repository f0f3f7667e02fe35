"""The embedded default: one machine, no services, `make run`."""

import secrets

from config.settings.base import *  # noqa: F403
from config.settings.base import STORAGES, VAR_DIR, env

DEBUG = env.bool("DEBUG", default=True)
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _local_secret_key() -> str:
    """The key from SECRET_KEY, else one generated once into an untracked file under var/."""
    key = env.str("SECRET_KEY", default="")
    if key:
        return key
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _local_secret_key()
# Serve static files straight from the source folders; no collectstatic needed.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

if not (
    env.str("LMS_VAPID_PUBLIC_KEY", default="") and env.str("LMS_VAPID_PRIVATE_KEY", default="")
):
    from lms.notifications.vapid import vapid_keys_local

    LMS_VAPID_PUBLIC_KEY, LMS_VAPID_PRIVATE_KEY = vapid_keys_local(VAR_DIR)
