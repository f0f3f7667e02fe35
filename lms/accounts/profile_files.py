"""The files on a person's profile (photo, resume): how often new ones may come, and that a
replaced or orphaned file leaves storage once the change is committed."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.core.errors import ApplicationError

FILE_FIELDS = ("photo", "resume")
logger = logging.getLogger(__name__)


def profile_upload_count(*, user_id: int, uploads: int) -> None:
    """Count `uploads` new files against the person's hourly allowance, or refuse (429).

    A fixed window per clock hour in the cache, counted with an atomic add/incr. When the
    cache is down the upload is allowed: the size limit still bounds each file."""
    if uploads == 0:
        return
    key = f"lms:profile-uploads:{user_id}:{timezone.now():%Y%m%d%H}"
    try:
        cache.add(key, 0, timeout=3600)
        count = cache.incr(key, uploads)
    except Exception:  # the cache is down; see the docstring
        logger.warning("Profile upload limit skipped: the cache is unavailable", exc_info=True)
        return
    if count > settings.LMS_PROFILE_UPLOADS_PER_HOUR:
        raise ApplicationError(
            _("You have changed your photo or resume too often. Try again in an hour."),
            code="too_many_uploads",
            status=429,
        )


def stored_file_names(user) -> dict[str, str]:
    return {field: getattr(user, field).name or "" for field in FILE_FIELDS}


def files_delete_on_commit(*, storage_names: list[tuple[object, str]]) -> None:
    """Delete these (storage, name) files after the current transaction commits; a rolled
    back change keeps them, since the row still points at them."""
    names = [(storage, name) for storage, name in storage_names if name]
    if names:
        transaction.on_commit(lambda: _delete(names))


def replaced_files_delete_on_commit(*, user, before: dict[str, str]) -> None:
    """After a change of `user`, delete the files the profile no longer points at."""
    files_delete_on_commit(
        storage_names=[
            (getattr(user, field).storage, name)
            for field, name in before.items()
            if name != (getattr(user, field).name or "")
        ]
    )


def _delete(names: list[tuple[object, str]]) -> None:
    for storage, name in names:
        try:
            storage.delete(name)
        except Exception:  # storage unreachable: an orphan, not a failed request
            logger.warning("Could not delete replaced file %s", name, exc_info=True)


def account_files_delete(sender, instance, **kwargs) -> None:
    """post_delete of a User (from any face): its photo and resume go once committed."""
    files_delete_on_commit(
        storage_names=[
            (getattr(instance, field).storage, getattr(instance, field).name or "")
            for field in FILE_FIELDS
        ]
    )
