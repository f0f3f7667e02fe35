"""Responsive copies of course thumbnails, made once per upload, and how pages show them."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from PIL import Image

from lms.accounts.tests.factories import AdminFactory
from lms.catalog.models import Course
from lms.catalog.services import course_update
from lms.catalog.templatetags.catalog_tags import course_initials
from lms.catalog.tests.factories import CourseFactory
from lms.catalog.thumbnails import thumbnail_variant_name

pytestmark = pytest.mark.django_db


def _upload(width: int, height: int, name: str = "cover.png") -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _thumbnail_jobs(callbacks) -> list:
    return [callback for callback in callbacks if "thumbnail" in callback.__qualname__]


def _render(course) -> str:
    return Template("{% load catalog_tags %}{% course_image course %}").render(
        Context({"course": course})
    )


def test_an_upload_makes_webp_copies_at_each_width_once(django_capture_on_commit_callbacks):
    course = CourseFactory()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        course_update(course=course, acting_user=AdminFactory(), thumbnail=_upload(1600, 900))
    assert len(_thumbnail_jobs(callbacks)) == 1
    course.refresh_from_db()
    assert course.thumbnail_sizes == [320, 640, 1280]
    storage = course.thumbnail.storage
    for width in (320, 640, 1280):
        with storage.open(thumbnail_variant_name(course.thumbnail.name, width)) as handle:
            image = Image.open(handle)
            assert image.format == "WEBP"
            assert image.size == (width, round(900 * width / 1600))

    # Saving other fields does not make them again.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        course_update(course=course, acting_user=AdminFactory(), summary="New summary")
    assert _thumbnail_jobs(callbacks) == []
    course.refresh_from_db()
    assert course.thumbnail_sizes == [320, 640, 1280]


def test_a_small_upload_is_not_enlarged(django_capture_on_commit_callbacks):
    course = CourseFactory()
    with django_capture_on_commit_callbacks(execute=True):
        course_update(course=course, acting_user=AdminFactory(), thumbnail=_upload(500, 300))
    course.refresh_from_db()
    assert course.thumbnail_sizes == [320]


def test_the_card_image_has_srcset_sizes_and_lazy_loading(django_capture_on_commit_callbacks):
    course = CourseFactory()
    with django_capture_on_commit_callbacks(execute=True):
        course_update(course=course, acting_user=AdminFactory(), thumbnail=_upload(1600, 900))
    course = Course.objects.get(pk=course.pk)
    html = _render(course)
    assert 'loading="lazy"' in html
    assert "-320.webp 320w" in html and "-1280.webp 1280w" in html
    assert 'sizes="' in html and "<svg" not in html


def test_a_course_without_thumbnail_gets_an_initials_placeholder():
    course = CourseFactory(title="Python for data science", thumbnail="")
    html = _render(course)
    assert html.startswith("<svg") and ">PD</text>" in html and "<img" not in html


def test_a_course_page_names_the_largest_copy_as_og_image(
    client, django_capture_on_commit_callbacks
):
    course = CourseFactory()
    with django_capture_on_commit_callbacks(execute=True):
        course_update(course=course, acting_user=AdminFactory(), thumbnail=_upload(1600, 900))
    course.refresh_from_db()
    response = client.get(f"/courses/{course.slug}/")
    content = response.content.decode()
    assert 'property="og:image"' in content and "-1280.webp" in content


@pytest.mark.parametrize(
    ("title", "initials"),
    [("Python for data science", "PD"), ("Django", "DJ"), ("  ", "?"), ("हिंदी सीखें", "हस")],
)
def test_course_initials(title, initials):
    assert course_initials(title) == initials
