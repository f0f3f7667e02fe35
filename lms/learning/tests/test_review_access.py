"""Access control of lesson content and private files, as a reviewer probes it: odd Range
headers, people who must be refused (disabled accounts, instructors of other courses,
revoked enrollments), tokens without a session."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from rest_framework_simplejwt.tokens import AccessToken

from lms.accounts.tests.factories import InstructorFactory, StudentFactory
from lms.catalog.services import course_permissions_sync
from lms.catalog.tests.factories import LessonDocumentFactory
from lms.learning.models import EnrollmentStatus
from lms.learning.tests.factories import EnrollmentFactory, lessons_in_order, three_module_course

pytestmark = pytest.mark.django_db

VIDEO = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 4


@pytest.fixture
def course(student):
    course = three_module_course()
    EnrollmentFactory(user=student, course=course)
    first = lessons_in_order(course)[0]
    first.video_file.save("clip.mp4", ContentFile(VIDEO), save=True)
    return course


def video_url(course):
    return reverse("student_pwa:lesson_file", args=[lessons_in_order(course)[0].pk, "video"])


@pytest.mark.parametrize(
    "header",
    [
        "bytes=0-" + "9" * 5000,
        "bytes=-" + "9" * 5000,
        "bytes=" + "9" * 5000 + "-",
        "bytes=\u0661-\u0662",  # Arabic-Indic digits are not HTTP digits
        "bytes=0x1-2",
        "bytes=-",
        "bytes=1-2-3",
    ],
)
def test_odd_range_headers_never_fail(client, student, course, header):
    client.force_login(student)
    response = client.get(video_url(course), HTTP_RANGE=header)
    assert response.status_code in (200, 206, 416)
    assert response.status_code != 206 or len(b"".join(response.streaming_content)) <= len(VIDEO)


def test_huge_range_end_is_clamped_to_the_file(client, student, course):
    client.force_login(student)
    response = client.get(video_url(course), HTTP_RANGE="bytes=10-" + "9" * 100)
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 10-{len(VIDEO) - 1}/{len(VIDEO)}"


def test_disabled_student_is_refused_by_session_and_by_token(client, student, course):
    token = AccessToken.for_user(student)
    client.force_login(student)
    student.is_active = False
    student.save()
    assert client.get(video_url(course)).status_code == 401
    client.logout()
    response = client.get(video_url(course), HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 401


def test_revoked_student_with_a_token_is_refused(client, student, course):
    token = AccessToken.for_user(student)
    student.enrollments.update(status=EnrollmentStatus.REVOKED)
    response = client.get(video_url(course), HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "enrollment_revoked"


def test_instructor_of_another_course_sees_no_content(client, api_client, course):
    other = InstructorFactory()
    mine = three_module_course(instructors=[other])
    course_permissions_sync(course=mine)
    first = lessons_in_order(course)[0]
    document = LessonDocumentFactory(lesson=first)
    client.force_login(other)
    for url in (video_url(course), reverse("student_pwa:document_file", args=[document.pk])):
        assert client.get(url).status_code == 403
    api_client.force_authenticate(other)
    response = api_client.get(
        reverse("api:lesson-detail", args=[course.slug, first.pk]), format="json"
    )
    assert response.status_code == 403
    assert api_client.get(reverse("api:course-roadmap", args=[course.slug])).status_code == 403
    task = first.tasks.first()
    assert api_client.post(reverse("api:task-complete", args=[task.pk])).status_code == 403


def test_lesson_of_another_course_is_not_reachable_through_this_course(api_client, course):
    other_student = StudentFactory()
    other_course = three_module_course()
    EnrollmentFactory(user=other_student, course=other_course)
    api_client.force_authenticate(other_student)
    foreign_lesson = lessons_in_order(course)[0]
    response = api_client.get(
        reverse("api:lesson-detail", args=[other_course.slug, foreign_lesson.pk])
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    "options",
    [
        {"custom_domain": "cdn.example.com"},  # storage.url() would skip signing
        {"querystring_auth": False},  # storage.url() would use the unsigned connection
    ],
)
def test_s3_never_redirects_to_an_unsigned_url(client, student, course, settings, options):
    name = lessons_in_order(course)[0].video_file.name
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "private-bucket",
                "access_key": "AKIAEXAMPLE",
                "secret_key": "secret",
                "region_name": "us-east-1",
                **options,
            },
        },
    }
    client.force_login(student)
    response = client.get(video_url(course))
    assert response.status_code == 302
    location = response["Location"]
    assert "X-Amz-Signature=" in location or "Signature=" in location, location
    assert name.split("/")[-1] in location
    assert "cdn.example.com" not in location
