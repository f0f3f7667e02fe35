"""Background jobs of the catalog context: thin wrappers around its services."""

from huey.contrib.djhuey import db_task

from lms.catalog.thumbnails import course_thumbnail_variants_generate


@db_task()
def course_thumbnail_variants(course_id: int) -> None:
    course_thumbnail_variants_generate(course_id=course_id)
