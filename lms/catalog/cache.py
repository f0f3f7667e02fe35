"""The public catalog's cache: whole guest pages and API lists are stored under a *catalog
version*, and any change to what they show moves the version on, so that the old entries
are never read again (they expire on their own).

What bumps the version: saving or deleting a course, module, lesson or task (prices,
status, titles, the syllabus), a change of a course's instructors, an instructor's profile,
and the home page's words (hooked with model signals in `connect`, called by the app's
`ready`), and a database restored from a backup (the `DatabaseRestored` event). Writes that
skip signals call `catalog_changed` themselves: reordering positions with `bulk_update`
(the console's drag and drop, moves, the gap closed by a delete) and the tasks a course
copy writes with `bulk_create`. The roadmap's outline (modules, lessons and
tasks of a course, `lms.learning.answers.outline_rows_get`) is stored under the same
version, so a reorder or a new title shows at once there too.

The version is a version key (lms.core.versions): read before the data, bumped at once and
again when the transaction commits, so whatever a request stores under a version read
before the commit is keyed by a version the commit has already left behind.
"""

import hashlib
import json

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

from lms.core.events import DatabaseRestored, subscribe
from lms.core.versions import fresh_version, now_and_at_commit, version_start

VERSION_KEY = "catalog:version"
PUBLIC_CACHE_SECONDS = 60


def catalog_version() -> int:
    version = cache.get(VERSION_KEY)
    return int(version) if version is not None else version_start(VERSION_KEY)


def catalog_changed() -> None:
    """Call after any write that changes what the public catalog shows."""
    now_and_at_commit(_bump)


def public_cache_key(kind: str, *parts: object) -> str:
    """`catalog:<version>:<kind>:<digest of parts>`. The parts (a URL with its whole query
    string, headers) are hashed: a visitor chooses them, and a long one would make a key
    past what cache servers accept (250 characters for memcached; Django warns)."""
    text = json.dumps([str(part) for part in parts])  # unambiguous, whatever the parts hold
    digest = hashlib.sha256(text.encode()).hexdigest()
    return f"catalog:{catalog_version()}:{kind}:{digest}"


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not there (expired or flushed): a fresh value is as good
        cache.set(VERSION_KEY, fresh_version(), timeout=None)


def _on_change(sender, **kwargs) -> None:
    catalog_changed()


def _on_restore(event: DatabaseRestored) -> None:
    # Rows came back from an archive without signals: nothing stored before is true.
    catalog_changed()


def _on_user_change(sender, instance, update_fields=None, **kwargs) -> None:
    # Instructors' names and photos are on the course cards; students' are not, and a
    # sign-in (which only records its time) changes nothing shown.
    if getattr(instance, "role", "") != "instructor":
        return
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    catalog_changed()


def connect() -> None:
    from django.contrib.auth import get_user_model

    from lms.catalog.models import Course, Lesson, Module, Task
    from lms.core.models import SiteContent

    for model in (Course, Module, Lesson, Task, SiteContent):
        post_save.connect(_on_change, sender=model, dispatch_uid=f"catalog-cache-{model.__name__}")
        post_delete.connect(
            _on_change, sender=model, dispatch_uid=f"catalog-cache-del-{model.__name__}"
        )
    m2m_changed.connect(
        _on_change, sender=Course.instructors.through, dispatch_uid="catalog-cache-instructors"
    )
    user = get_user_model()
    post_save.connect(_on_user_change, sender=user, dispatch_uid="catalog-cache-user")
    post_delete.connect(_on_user_change, sender=user, dispatch_uid="catalog-cache-user-del")
    subscribe(DatabaseRestored, _on_restore)
