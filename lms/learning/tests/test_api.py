"""The learning API: my courses, roadmap, lesson content, completing tasks, video position."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from rest_framework_simplejwt.tokens import AccessToken

from lms.accounts.tests.factories import StudentFactory
from lms.catalog.models import TaskKind
from lms.catalog.tests.factories import LessonDocumentFactory, build_course
from lms.learning.models import EnrollmentStatus, LessonProgress, TaskCompletion
from lms.learning.tests.factories import (
    EnrollmentFactory,
    complete_lessons,
    lessons_in_order,
    tasks_of,
    three_module_course,
)

pytestmark = pytest.mark.django_db


def bearer(api_client, user):
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(user)}")
    return api_client


@pytest.fixture
def enrolled(api_client, student):
    course = three_module_course()
    EnrollmentFactory(user=student, course=course)
    bearer(api_client, student)
    return course


def roadmap_url(course):
    return reverse("api:course-roadmap", args=[course.slug])


def lesson_url(lesson):
    return reverse("api:lesson-detail", args=[lesson.module.course.slug, lesson.pk])


def complete_url(task):
    return reverse("api:task-complete", args=[task.pk])


def test_roadmap_lock_states_reasons_and_next_step(api_client, enrolled):
    data = api_client.get(roadmap_url(enrolled)).json()
    assert data["mode"] == "student"
    assert data["progress"] == {"done": 0, "total": 12, "percent": 0}
    assert [m["free_order"] for m in data["modules"]] == [False, True, False]
    states = [lesson["state"] for module in data["modules"] for lesson in module["lessons"]]
    assert states == ["available", "locked", "locked", "locked", "locked", "locked"]
    assert data["modules"][0]["lessons"][1]["reason"] == "Finish “Lesson 1.1” first."
    assert data["modules"][0]["lessons"][1]["tasks"][0]["state"] == "locked"
    assert data["next_step"]["task_title"] == "Task 1.1.1"
    assert data["next_step"]["lesson_title"] == "Lesson 1.1"


def test_walk_the_course_through_the_api(api_client, enrolled, student):
    lessons = lessons_in_order(enrolled)
    # Locked: 403 with the reason, nothing recorded.
    response = api_client.post(complete_url(tasks_of(lessons[1])[0]))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "lesson_locked"
    assert response.json()["error"]["message"] == "Finish “Lesson 1.1” first."
    assert not TaskCompletion.objects.exists()
    assert api_client.get(lesson_url(lessons[1])).status_code == 403

    for task in tasks_of(lessons[0]):
        response = api_client.post(complete_url(task))
        assert response.status_code == 200 and response.json()["created"] is True
    again = api_client.post(complete_url(tasks_of(lessons[0])[0]))
    assert again.status_code == 200 and again.json()["created"] is False

    # Module 2 is free order: both its lessons open once module 1 is done.
    for lesson in lessons[1:2]:
        for task in tasks_of(lesson):
            api_client.post(complete_url(task))
    data = api_client.get(roadmap_url(enrolled)).json()
    assert [lesson["state"] for lesson in data["modules"][1]["lessons"]] == [
        "available",
        "available",
    ]
    assert api_client.get(lesson_url(lessons[3])).status_code == 200

    last_response = None
    for lesson in [lessons[3], lessons[2], lessons[4], lessons[5]]:
        for task in tasks_of(lesson):
            last_response = api_client.post(complete_url(task))
            assert last_response.status_code == 200
    assert last_response.json()["course_completed"] is True
    data = api_client.get(roadmap_url(enrolled)).json()
    assert data["next_step"] is None and data["progress"]["percent"] == 100
    courses = api_client.get(reverse("api:my-course-list")).json()
    assert courses["results"][0]["status"] == EnrollmentStatus.COMPLETED
    assert courses["results"][0]["completed_at"] is not None


def test_lesson_content_has_permission_checked_file_urls(api_client, enrolled, student):
    first = lessons_in_order(enrolled)[0]
    first.video_file.save("clip.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42" + bytes(64)))
    document = LessonDocumentFactory(lesson=first)
    LessonProgress.objects.create(
        user=student, lesson=first, video_position_seconds=42, video_duration_seconds=100
    )
    response = api_client.get(lesson_url(first))
    assert response.status_code == 200
    data = response.json()
    assert data["body_html"] == first.body
    assert data["video_url"] == "http://testserver" + reverse(
        "student_pwa:lesson_file", args=[first.pk, "video"]
    )
    assert data["subtitles_url"] is None
    assert data["documents"] == [
        {
            "id": document.pk,
            "title": document.title,
            "url": "http://testserver" + reverse("student_pwa:document_file", args=[document.pk]),
            "inline": False,
        }
    ]
    assert data["video_position_seconds"] == 42
    assert [task["state"] for task in data["tasks"]] == ["available", "available"]
    assert first.video_file.url not in response.content.decode()
    # The same bearer token fetches the file.
    file_response = api_client.get(data["video_url"], HTTP_RANGE="bytes=0-3")
    assert file_response.status_code == 206


def test_lesson_body_is_sanitized(api_client, enrolled):
    first = lessons_in_order(enrolled)[0]
    first.body = '<p onclick="x()">Hi<script>alert(1)</script></p>'
    first.save(update_fields=["body"])
    assert api_client.get(lesson_url(first)).json()["body_html"] == "<p>Hi</p>"


def test_graded_task_cannot_be_completed(api_client, enrolled):
    task = tasks_of(lessons_in_order(enrolled)[0])[0]
    task.kind = TaskKind.EXAM
    task.save(update_fields=["kind"])
    response = api_client.post(complete_url(task))
    assert response.status_code == 403 and response.json()["error"]["code"] == "not_self_completed"


def test_progress_endpoint(api_client, enrolled, student, settings):
    settings.LMS_WATCH_COMPLETE_RATIO = 0.9
    first = lessons_in_order(enrolled)[0]
    watch = tasks_of(first)[0]
    watch.kind = TaskKind.WATCH
    watch.save(update_fields=["kind"])
    url = reverse("api:lesson-progress", args=[first.pk])
    response = api_client.post(url, {"position_seconds": 91.5, "duration_seconds": 100})
    assert response.status_code == 200
    assert response.json() == {
        "position_seconds": 92,
        "duration_seconds": 100,
        "completed_task_ids": [watch.pk],
        "course_completed": False,
    }
    response = api_client.post(url, {"position_seconds": -3, "duration_seconds": 100})
    assert response.status_code == 400 and "position_seconds" in response.json()["error"]["fields"]
    locked = reverse("api:lesson-progress", args=[lessons_in_order(enrolled)[1].pk])
    assert (
        api_client.post(locked, {"position_seconds": 1, "duration_seconds": 10}).status_code == 403
    )
    # Whatever the body: a lesson one may not read is refused before the body is read.
    response = api_client.post(locked, {"position_seconds": "x"})
    assert response.status_code == 403 and response.json()["error"]["code"] == "lesson_locked"


@pytest.mark.parametrize("who", ["stranger", "other_course", "revoked"])
def test_people_without_access_are_refused(api_client, who):
    course = three_module_course()
    user = StudentFactory()
    if who == "other_course":
        EnrollmentFactory(user=user, course=build_course(modules=1))
    if who == "revoked":
        EnrollmentFactory(user=user, course=course, status=EnrollmentStatus.REVOKED)
    bearer(api_client, user)
    first = lessons_in_order(course)[0]
    for response in (
        api_client.get(roadmap_url(course)),
        api_client.get(lesson_url(first)),
        api_client.post(complete_url(tasks_of(first)[0])),
    ):
        assert response.status_code == 403
        assert response.json()["error"]["message"]
        assert first.body not in response.content.decode()
    assert not TaskCompletion.objects.exists()


def test_anonymous_is_refused(api_client):
    course = three_module_course()
    for url in (
        reverse("api:my-course-list"),
        roadmap_url(course),
        lesson_url(lessons_in_order(course)[0]),
    ):
        assert api_client.get(url).status_code == 401


def test_instructor_and_admin_preview(api_client, instructor, admin_user):
    course = three_module_course(instructors=[instructor])
    last = lessons_in_order(course)[-1]
    for user in (instructor, admin_user):
        bearer(api_client, user)
        data = api_client.get(roadmap_url(course)).json()
        assert data["mode"] == "preview"
        assert api_client.get(lesson_url(last)).json()["preview"] is True
        response = api_client.post(complete_url(tasks_of(last)[0]))
        assert response.status_code == 403 and response.json()["error"]["code"] == "preview_only"


def test_unknown_course_and_lesson_are_404(api_client, enrolled):
    assert api_client.get(reverse("api:course-roadmap", args=["nope"])).status_code == 404
    other_lesson = lessons_in_order(build_course(modules=1))[0]
    assert (
        api_client.get(
            reverse("api:lesson-detail", args=[enrolled.slug, other_lesson.pk])
        ).status_code
        == 404
    )


@pytest.mark.parametrize("count", [5, 100])
def test_my_courses_query_count_is_constant(api_client, student, django_assert_num_queries, count):
    for _ in range(count):
        course = build_course(modules=1, lessons_per_module=1, tasks_per_lesson=1)
        EnrollmentFactory(user=student, course=course)
    complete_lessons(student, lessons_in_order(course))
    bearer(api_client, student)
    # user (JWT), count, enrollments page, task totals, completions, next tasks
    with django_assert_num_queries(6):
        response = api_client.get(reverse("api:my-course-list"), {"page_size": 100})
    assert response.json()["count"] == count
    assert len(response.json()["results"]) == count


@pytest.mark.parametrize("count", [5, 100])
def test_roadmap_query_count_is_constant(api_client, student, django_assert_num_queries, count):
    course = build_course(modules=5, lessons_per_module=1, tasks_per_lesson=count // 5)
    EnrollmentFactory(user=student, course=course)
    bearer(api_client, student)
    # user (JWT), the course with the enrollment, modules, lessons, tasks, completions
    with django_assert_num_queries(6):
        data = api_client.get(roadmap_url(course)).json()
    assert data["progress"]["total"] == count
    # The outline is cached (lms/learning/answers.py): user, the course with the
    # enrollment, completions
    with django_assert_num_queries(3):
        assert api_client.get(roadmap_url(course)).json() == data
