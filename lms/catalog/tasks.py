"""Background jobs of the catalog context: thin wrappers around its services."""

from huey.contrib.djhuey import db_task

from lms.catalog import thumbnails


@db_task()
def course_thumbnail_variants(course_id: int) -> None:
    thumbnails.course_thumbnail_variants_generate(course_id=course_id)


@db_task()
def course_thumbnail_variants_backfill(course_ids: list[int]) -> None:
    thumbnails.course_thumbnail_variants_backfill(course_ids=course_ids)
