"""Rich text keeps images only from the media storage (or data: images) and no links into
this site's console, API or sign-in pages (#7): an <img> is fetched by the reader's browser
with the reader's cookies."""

import pytest

from lms.core.html import sanitize_html

REFUND = "/admin/commerce/order/2/refund_one/"


def src_kept(src: str) -> bool:
    return "src=" in sanitize_html(f'<p><img src="{src}" alt="x"></p>')


@pytest.mark.parametrize(
    "src",
    [
        REFUND,  # the probe's payload
        f"https://testserver{REFUND}",
        f"http://localhost{REFUND}",
        f"//testserver{REFUND}",  # protocol-relative
        f"\\\\testserver{REFUND}",  # backslashes are slashes to a browser
        "/%61dmin/commerce/order/2/refund_one/",  # percent-encoded letter
        "/%2561dmin/commerce/order/2/refund_one/",  # encoded twice
        "&#47;admin/commerce/order/2/refund_one/",  # an HTML entity
        "/media/../admin/commerce/order/2/refund_one/",  # climbs out of media
        "/media/%2e%2e/admin/commerce/order/2/refund_one/",
        "/media/..%2fadmin/commerce/order/2/refund_one/",
        "/med\tia/../admin/",  # a tab, removed by the browser
        "/app/tasks/1/complete/",
        "/api/v1/me",
        "/accounts/logout/",
        "/courses/python/",  # any other page of this site
        "https://evil.example/pixel.png",  # any other site
        "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=",  # svg may carry script
        "data:text/html;base64,PGgxPmhpPC9oMT4=",
        "javascript:alert(1)",
        "../admin/commerce/order/2/refund_one/",
        "media/pic.png",  # relative: where it lands depends on the page
    ],
)
def test_image_from_anywhere_but_media_loses_its_src(src):
    assert not src_kept(src)


@pytest.mark.parametrize(
    "src",
    [
        "/media/public/course-images/diagram.png",
        "/media/public/a%20b.png",
        "data:image/png;base64,iVBORw0KGgo=",
    ],
)
def test_image_from_media_or_data_is_kept(src):
    assert src_kept(src)


def test_images_from_the_s3_bucket_are_kept_when_media_lives_there(settings):
    settings.AWS_STORAGE_BUCKET_NAME = "lms-media"
    settings.AWS_S3_CUSTOM_DOMAIN = "media.example.org"
    settings.MEDIA_URL = "https://media.example.org/"
    assert src_kept("https://media.example.org/public/diagram.png")
    assert src_kept("https://lms-media.s3.amazonaws.com/public/diagram.png")
    assert not src_kept("https://other-bucket.s3.amazonaws.com/public/diagram.png")
    assert not src_kept(REFUND)


@pytest.mark.parametrize(
    "href",
    [
        REFUND,
        f"https://testserver{REFUND}",
        f"//localhost{REFUND}",
        "/%61pi/v1/me",
        "/accounts/logout/",
    ],
)
def test_links_into_the_console_api_and_sign_in_pages_are_dropped(href):
    assert "href" not in sanitize_html(f'<a href="{href}">x</a>')


@pytest.mark.parametrize(
    "href",
    ["https://docs.python.org/3/", "/courses/python/", "/app/courses/python/", "mailto:a@b.c"],
)
def test_ordinary_links_are_kept(href):
    assert f'href="{href}"' in sanitize_html(f'<a href="{href}">x</a>')


def test_course_description_with_the_payload_is_stored_without_it(admin_user):
    from lms.catalog import services
    from lms.catalog.tests.factories import CourseFactory

    course = CourseFactory(description=f'<p>Intro</p><img src="{REFUND}">')
    services.course_save(course=course, acting_user=admin_user)
    course.refresh_from_db()
    assert "refund_one" not in course.description
    assert "<p>Intro</p>" in course.description
