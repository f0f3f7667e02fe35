"""`manage.py thumbnails_backfill`: thumbnails uploaded before the responsive copies existed
get them through background jobs, in batches, and a second run queues nothing."""

from io import BytesIO, StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from PIL import Image

from lms.accounts.tests.factories import AdminFactory
from lms.catalog.models import Course
from lms.catalog.services import course_update
from lms.catalog.tests.factories import CourseFactory
from lms.catalog.thumbnails import (
    course_thumbnail_variants_backfill,
    courses_missing_thumbnail_variants,
    thumbnail_variant_name,
)

pytestmark = pytest.mark.django_db


def _image(width: int, height: int, name: str = "old-cover.png") -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (width, height), (20, 90, 160)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _old_course() -> Course:
    """A course whose thumbnail was stored without copies, as before the feature."""
    course = CourseFactory(thumbnail=_image(1000, 500))
    assert course.thumbnail_sizes == []
    return course


def _backfill(**options) -> str:
    out = StringIO()
    call_command("thumbnails_backfill", stdout=out, **options)
    return out.getvalue()


def test_old_thumbnails_get_their_copies_in_batches_and_a_second_run_queues_nothing(
    django_capture_on_commit_callbacks,
):
    first, second, third = _old_course(), _old_course(), _old_course()
    without_thumbnail = CourseFactory(thumbnail="")
    done = CourseFactory()
    with django_capture_on_commit_callbacks(execute=True):
        course_update(course=done, acting_user=AdminFactory(), thumbnail=_image(400, 300))
    done.refresh_from_db()
    assert done.thumbnail_sizes == [320]

    # Jobs run inline in tests (HUEY immediate), through the task the worker runs.
    output = _backfill(batch_size=2)

    assert f"Batch 1: courses {first.pk}, {second.pk}" in output
    assert f"Batch 2: courses {third.pk}" in output
    assert "Queued responsive copies for 3 course thumbnails in 2 jobs." in output
    for course in (first, second, third):
        course.refresh_from_db()
        assert course.thumbnail_sizes == [320, 640]
        storage = course.thumbnail.storage
        for width in (320, 640):
            with storage.open(thumbnail_variant_name(course.thumbnail.name, width)) as handle:
                assert Image.open(handle).size == (width, width // 2)
    without_thumbnail.refresh_from_db()
    assert without_thumbnail.thumbnail_sizes == []

    assert _backfill() == "Every course thumbnail has its responsive copies: nothing queued.\n"


def test_a_batch_skips_a_course_whose_copies_were_made_meanwhile(
    django_capture_on_commit_callbacks,
):
    old, replaced = _old_course(), _old_course()
    # A new upload made its own copies after the backfill listed the course.
    with django_capture_on_commit_callbacks(execute=True):
        course_update(course=replaced, acting_user=AdminFactory(), thumbnail=_image(700, 350))

    made = course_thumbnail_variants_backfill(course_ids=[old.pk, replaced.pk])

    assert made == {old.pk: [320, 640]}


def test_a_batch_size_below_one_is_refused():
    _old_course()
    with pytest.raises(CommandError, match="at least 1"):
        _backfill(batch_size=0)
    assert courses_missing_thumbnail_variants().count() == 1
