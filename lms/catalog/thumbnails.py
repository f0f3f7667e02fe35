"""Responsive copies of a course's thumbnail: WebP at a few widths, made once per upload.

The copies sit next to the original in the same storage (`<name>-<width>.webp`), and the
course records which widths exist (`thumbnail_sizes`), so pages build `srcset` without
touching storage. Widths wider than the original are not made (no upscaling); the original
is always the last resort.
"""

from io import BytesIO
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from PIL import Image, ImageOps

from lms.catalog.models import Course

THUMBNAIL_WIDTHS = (320, 640, 1280)
WEBP_QUALITY = 80


def thumbnail_variant_name(original: str, width: int) -> str:
    path = PurePosixPath(original)
    return str(path.with_name(f"{path.stem}-{width}.webp"))


def _render(image: Image.Image, width: int) -> bytes:
    height = max(1, round(image.height * width / image.width))
    copy = image.resize((width, height), Image.Resampling.LANCZOS)
    buffer = BytesIO()
    copy.save(buffer, format="WEBP", quality=WEBP_QUALITY, method=4)
    return buffer.getvalue()


def course_thumbnail_variants_generate(*, course_id: int) -> list[int]:
    """Make the WebP copies of the course's current thumbnail and record their widths.
    Returns the widths made (none when the course has no thumbnail or it is unreadable)."""
    course = Course.objects.filter(pk=course_id).first()
    if course is None or not course.thumbnail:
        return []
    field = course.thumbnail
    storage = field.storage
    name = field.name
    try:
        with storage.open(name, "rb") as handle:
            image = Image.open(handle)
            image = ImageOps.exif_transpose(image)
            image.load()
    except (OSError, ValueError):
        return []  # already refused by the upload validator; nothing sensible to make
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    widths = [width for width in THUMBNAIL_WIDTHS if width <= image.width] or [image.width]
    for width in widths:
        target = thumbnail_variant_name(name, width)
        if storage.exists(target):
            storage.delete(target)
        storage.save(target, ContentFile(_render(image, width)))
    with transaction.atomic():
        # Only if the thumbnail did not change meanwhile (another upload makes its own).
        Course.objects.filter(pk=course_id, thumbnail=name).update(thumbnail_sizes=widths)
    return widths


def courses_missing_thumbnail_variants() -> QuerySet[Course]:
    """Courses with a thumbnail but no recorded copies: thumbnails uploaded before the copies
    were made, or whose job has not run yet. Ordered by id, for batches."""
    return Course.objects.exclude(thumbnail="").filter(thumbnail_sizes=[]).order_by("pk")


def course_thumbnail_variants_backfill(*, course_ids: list[int]) -> dict[int, list[int]]:
    """Make the copies of those of these courses that still miss them (one batch of
    `manage.py thumbnails_backfill`); a course done meanwhile, by its own upload's job or
    an earlier batch, is skipped. Returns the widths made per course."""
    pending = courses_missing_thumbnail_variants().filter(pk__in=course_ids)
    return {
        course_id: course_thumbnail_variants_generate(course_id=course_id)
        for course_id in pending.values_list("pk", flat=True)
    }


def thumbnail_sources(name: str, widths: list[int] | None) -> dict:
    """`src`, `srcset` and the widest copy's URL for a stored thumbnail name and the widths
    made from it; empty without a thumbnail."""
    if not name:
        return {}
    storage = Course._meta.get_field("thumbnail").storage
    widths = sorted(int(width) for width in (widths or []))
    if not widths:
        url = storage.url(name)
        return {"src": url, "srcset": "", "largest": url}
    urls = {width: storage.url(thumbnail_variant_name(name, width)) for width in widths}
    return {
        "src": urls[widths[min(1, len(widths) - 1)]],
        "srcset": ", ".join(f"{urls[width]} {width}w" for width in widths),
        "largest": urls[widths[-1]],
    }
