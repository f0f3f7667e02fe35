"""What the catalog's services may change on each model, and the helpers that assign,
validate and sanitize those fields."""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lms.catalog.models import (
    Course,
)
from lms.core.errors import ApplicationError, invalid_fields_error
from lms.core.html import sanitize_html

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def _translated(*names: str) -> set[str]:
    return {f"{name}_{code}" for name in names for code in LANGUAGE_CODES}


COURSE_FIELDS = {
    "title",
    "summary",
    "description",
    "domain",
    "level",
    "language",
    "thumbnail",
    "price",
    "currency",
    "enrollment_mode",
} | _translated("title", "summary", "description")
MODULE_FIELDS = {"title", "free_order"} | _translated("title")
LESSON_FIELDS = {
    "title",
    "body",
    "video_file",
    "video_url",
    "subtitles",
    "estimated_minutes",
} | _translated("title", "body")
TASK_FIELDS = {"title", "kind", "instructions"} | _translated("title")
SANITIZED_FIELDS = {"description", "body", "instructions"} | _translated("description", "body")


# --- Helpers ------------------------------------------------------------------------------


def _assign(instance: models.Model, allowed: set[str], changes: dict[str, Any]) -> list[str]:
    """Set the given fields. A plain `title` means the default language (not whichever
    language the request happens to use), so writes do not depend on the reader's language."""
    unknown = set(changes) - allowed
    if unknown:
        raise ApplicationError(
            _("These fields cannot be changed here: %s") % ", ".join(sorted(unknown))
        )
    translated_bases = {
        name.rsplit("_", 1)[0] for name in allowed if name.rsplit("_", 1)[-1] in LANGUAGE_CODES
    }
    written = []
    with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
        for name, value in changes.items():
            if name in SANITIZED_FIELDS:
                value = sanitize_html(value or "")
            setattr(instance, name, value)
            written.append(name)
            if name in translated_bases:
                written.append(f"{name}_{settings.MODELTRANSLATION_DEFAULT_LANGUAGE}")
    return sorted(set(written))


def _full_clean(instance: models.Model, exclude: list[str] | None = None) -> None:
    try:
        instance.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as error:
        raise invalid_fields_error(error) from error


def _sanitize_instance(instance: models.Model, names: Iterable[str]) -> None:
    # In the default language: a plain translated name (`description`) then reads and writes
    # that language's field. In another language it would read the default language's text
    # as a fallback and write it into the other language's empty field.
    with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
        for name in names:
            if hasattr(instance, name):
                setattr(instance, name, sanitize_html(getattr(instance, name) or ""))


def _unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(title)[:200] or "course"
    slug, number = base, 2
    taken = Course.objects.exclude(pk=exclude_pk)
    while taken.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug
