"""Private lesson files: the permission check, HTTP Range on local storage, signed S3 URLs."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from rest_framework_simplejwt.tokens import AccessToken
from storages.backends.s3 import S3Storage

from lms.accounts.tests.factories import StudentFactory
from lms.catalog.tests.factories import LessonDocumentFactory, build_course
from lms.core.private_files import RangeNotSatisfiable, parse_range
from lms.learning.models import EnrollmentStatus
from lms.learning.tests.factories import (
    EnrollmentFactory,
    complete_lessons,
    lessons_in_order,
    three_module_course,
)

pytestmark = pytest.mark.django_db

VIDEO = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 4  # 1036 bytes
SUBTITLES = b"WEBVTT\n\n00:00.000 --> 00:02.000\nHello\n"


def with_files(lesson):
    lesson.video_file.save("clip.mp4", ContentFile(VIDEO), save=False)
    lesson.subtitles.save("clip.vtt", ContentFile(SUBTITLES), save=False)
    lesson.save()
    return lesson


def video_url(lesson):
    return reverse("student_pwa:lesson_file", args=[lesson.pk, "video"])


@pytest.fixture
def course_with_files(student):
    course = three_module_course()
    EnrollmentFactory(user=student, course=course)
    first, second = lessons_in_order(course)[:2]
    with_files(first)
    with_files(second)
    return course


def test_whole_video_for_an_enrolled_student(client, student, course_with_files):
    client.force_login(student)
    response = client.get(video_url(lessons_in_order(course_with_files)[0]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == VIDEO
    assert response["Content-Type"] == "video/mp4"
    assert response["Content-Length"] == str(len(VIDEO))
    assert response["Accept-Ranges"] == "bytes"
    assert response["Cache-Control"] == "private"
    assert response["Content-Disposition"].startswith("inline")


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [
        ("bytes=0-99", 0, 99),
        ("bytes=1000-", 1000, 1035),
        ("bytes=-36", 1000, 1035),
        ("bytes=1030-5000", 1030, 1035),
    ],
)
def test_range_requests(client, student, course_with_files, header, start, end):
    client.force_login(student)
    response = client.get(video_url(lessons_in_order(course_with_files)[0]), HTTP_RANGE=header)
    assert response.status_code == 206
    body = b"".join(response.streaming_content)
    assert body == VIDEO[start : end + 1]
    assert response["Content-Range"] == f"bytes {start}-{end}/{len(VIDEO)}"
    assert response["Content-Length"] == str(end - start + 1)


@pytest.mark.parametrize(
    "header", ["bytes=5000-", "bytes=50-10", "bytes=-0", "bytes=abc", "bytes=-"]
)
def test_unsatisfiable_ranges_are_416(client, student, course_with_files, header):
    client.force_login(student)
    response = client.get(video_url(lessons_in_order(course_with_files)[0]), HTTP_RANGE=header)
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(VIDEO)}"


def test_parse_range_rules():
    assert parse_range(None, 10) is None
    assert parse_range("items=0-1", 10) is None
    assert parse_range("bytes=0-1,4-5", 10) is None  # several ranges: the whole file
    assert parse_range("bytes=0-0", 10) == (0, 0)
    assert parse_range("bytes=-100", 10) == (0, 9)
    with pytest.raises(RangeNotSatisfiable):
        parse_range("bytes=0-", 0)


def test_subtitles_are_webvtt(client, student, course_with_files):
    client.force_login(student)
    lesson = lessons_in_order(course_with_files)[0]
    response = client.get(reverse("student_pwa:lesson_file", args=[lesson.pk, "subtitles"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vtt; charset=utf-8"
    assert b"".join(response.streaming_content) == SUBTITLES


def test_head_gives_the_headers_without_the_body(client, student, course_with_files):
    client.force_login(student)
    response = client.head(video_url(lessons_in_order(course_with_files)[0]))
    assert response.status_code == 200 and response["Content-Length"] == str(len(VIDEO))
    assert response.content == b""


def test_locked_lesson_file_is_403_with_the_reason(client, student, course_with_files):
    client.force_login(student)
    second = lessons_in_order(course_with_files)[1]
    response = client.get(video_url(second), HTTP_RANGE="bytes=0-99")
    assert response.status_code == 403
    assert "Finish “Lesson 1.1” first." in response.content.decode()
    response = client.get(video_url(second), HTTP_ACCEPT="application/json")
    assert response.json()["error"] == {
        "code": "lesson_locked",
        "message": "Finish “Lesson 1.1” first.",
        "fields": {},
    }
    # Completing the first lesson opens the second lesson's files.
    complete_lessons(student, lessons_in_order(course_with_files)[:1])
    assert client.get(video_url(second)).status_code == 200


@pytest.mark.parametrize("who", ["anonymous", "stranger", "other_course", "revoked"])
def test_people_without_access_cannot_fetch_files(client, course_with_files, who):
    first = lessons_in_order(course_with_files)[0]
    document = LessonDocumentFactory(lesson=first)
    if who != "anonymous":
        user = StudentFactory()
        if who == "other_course":
            EnrollmentFactory(user=user, course=build_course(modules=1))
        if who == "revoked":
            EnrollmentFactory(user=user, course=course_with_files, status=EnrollmentStatus.REVOKED)
        client.force_login(user)
    for url in (
        video_url(first),
        reverse("student_pwa:lesson_file", args=[first.pk, "subtitles"]),
        reverse("student_pwa:document_file", args=[document.pk]),
    ):
        response = client.get(url)
        assert response.status_code == (401 if who == "anonymous" else 403)
        assert b"WEBVTT" not in response.content and b"Handout text" not in response.content


def test_instructor_and_admin_fetch_any_lesson_file(client, instructor, admin_user):
    course = three_module_course(instructors=[instructor])
    last = with_files(lessons_in_order(course)[-1])
    for user in (instructor, admin_user):
        client.force_login(user)
        assert client.get(video_url(last)).status_code == 200


def test_jwt_bearer_can_fetch_files(client, student, course_with_files):
    first, second = lessons_in_order(course_with_files)[:2]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {AccessToken.for_user(student)}"}
    response = client.get(video_url(first), HTTP_RANGE="bytes=0-9", **auth)
    assert response.status_code == 206 and b"".join(response.streaming_content) == VIDEO[:10]
    response = client.get(video_url(second), **auth)
    assert response.status_code == 403 and response.json()["error"]["code"] == "lesson_locked"
    response = client.get(video_url(first), HTTP_AUTHORIZATION="Bearer not-a-token")
    assert response.status_code == 401 and response.json()["error"]["code"] == "token_not_valid"


def test_pdf_documents_inline_and_framable_by_our_pages_others_download(
    client, student, course_with_files
):
    client.force_login(student)
    first = lessons_in_order(course_with_files)[0]
    pdf = LessonDocumentFactory(
        lesson=first, title="Notes", file=ContentFile(b"%PDF-1.4 test", name="x.pdf")
    )
    text = LessonDocumentFactory(lesson=first, title="Handout")
    response = client.get(reverse("student_pwa:document_file", args=[pdf.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="notes.pdf"'
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    response = client.get(reverse("student_pwa:document_file", args=[text.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="handout.txt"'
    assert b"".join(response.streaming_content) == b"Handout text"
    html = client.get(
        reverse("student_pwa:lesson_detail", args=[course_with_files.slug, first.pk])
    ).content.decode()
    assert (
        f'<iframe class="learning-document-frame" src="{reverse("student_pwa:document_file", args=[pdf.pk])}"'
        in html
    )
    assert pdf.file.url not in html and text.file.url not in html


class FakeS3Storage(S3Storage):
    """The S3 backend without the network: signing is faked, the rest is django-storages."""

    signed: list = []

    def url(self, name, parameters=None, expire=None, http_method=None):
        FakeS3Storage.signed.append((name, parameters))
        return f"https://bucket.s3.example.com/{name}?X-Amz-Signature=test&X-Amz-Expires=300"


def test_s3_redirects_to_a_short_lived_signed_url(client, student, course_with_files, settings):
    first = lessons_in_order(course_with_files)[0]
    name = first.video_file.name
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": f"{__name__}.FakeS3Storage",
            "OPTIONS": {"bucket_name": "private-bucket"},
        },
    }
    client.force_login(student)
    response = client.get(video_url(first))
    assert response.status_code == 302
    assert response["Location"].startswith(f"https://bucket.s3.example.com/{name}?X-Amz-Signature=")
    assert response["Cache-Control"] == "private, no-store"
    assert FakeS3Storage.signed[-1][1]["ResponseContentType"] == "video/mp4"
    # The permission check comes first: a locked lesson never gets a signed URL.
    count = len(FakeS3Storage.signed)
    assert client.get(video_url(lessons_in_order(course_with_files)[1])).status_code == 403
    assert len(FakeS3Storage.signed) == count


def test_under_asgi_the_file_is_streamed_chunk_by_chunk(course_with_files):
    """daphne serves through ASGI: the body must be an async iterator, never read whole
    (Django reads a synchronous iterator into memory before sending it under ASGI)."""
    from asgiref.sync import async_to_sync
    from django.test import AsyncRequestFactory

    from lms.core.private_files import file_response

    lesson = lessons_in_order(course_with_files)[0]
    request = AsyncRequestFactory().get(video_url(lesson), headers={"Range": "bytes=100-"})
    response = file_response(request, lesson.video_file, as_attachment=False)
    assert response.status_code == 206
    assert response.is_async

    async def body() -> bytes:
        return b"".join([chunk async for chunk in response.streaming_content])

    assert async_to_sync(body)() == VIDEO[100:]
