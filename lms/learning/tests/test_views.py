"""The student course player pages (PWA)."""

import json

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from lms.accounts.tests.factories import StudentFactory
from lms.catalog.models import TaskKind
from lms.catalog.tests.factories import build_course
from lms.learning.models import EnrollmentStatus, LessonProgress, TaskCompletion
from lms.learning.tests.factories import (
    EnrollmentFactory,
    complete_lessons,
    lessons_in_order,
    tasks_of,
    three_module_course,
)

pytestmark = pytest.mark.django_db


def lesson_url(lesson):
    return reverse("student_pwa:lesson_detail", args=[lesson.module.course.slug, lesson.pk])


@pytest.fixture
def enrolled(client, student):
    course = three_module_course()
    EnrollmentFactory(user=student, course=course)
    client.force_login(student)
    return course


def test_roadmap_page_shows_states_reasons_and_next_step(client, enrolled):
    response = client.get(reverse("student_pwa:course_roadmap", args=[enrolled.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    first = lessons_in_order(enrolled)[0]
    assert "Next step: Task 1.1.1" in html
    assert f'href="{lesson_url(first)}#task-' in html
    assert "Finish “Lesson 1.1” first." in html
    assert 'class="step--available"' in html and 'class="step--locked"' in html
    assert "0 of 12 tasks done (0%)" in html
    assert "Secret lesson body" not in html


def test_locked_lesson_page_is_403_with_the_reason(client, enrolled):
    second = lessons_in_order(enrolled)[1]
    response = client.get(lesson_url(second))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Finish “Lesson 1.1” first." in html
    assert second.body not in html
    assert reverse("student_pwa:course_roadmap", args=[enrolled.slug]) in html


def test_open_lesson_shows_body_tasks_and_mark_as_done(client, enrolled):
    first = lessons_in_order(enrolled)[0]
    response = client.get(lesson_url(first))
    assert response.status_code == 200
    html = response.content.decode()
    assert first.body in html
    for task in tasks_of(first):
        assert reverse("student_pwa:task_complete", args=[task.pk]) in html
    assert "Mark as done" in html


def test_mark_as_done_through_htmx_then_next_lesson_opens(client, enrolled):
    first, second = lessons_in_order(enrolled)[:2]
    one, two = tasks_of(first)
    response = client.post(
        reverse("student_pwa:task_complete", args=[one.pk]),
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="lesson-tasks",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="lesson-tasks"')
    assert "1 of 2 done" in html
    assert "Done: “Task 1.1.1”." in json.loads(response["HX-Trigger"])["toast"][0]["message"]
    assert client.get(lesson_url(second)).status_code == 403

    response = client.post(reverse("student_pwa:task_complete", args=[two.pk]))
    assert response.status_code == 302 and response["Location"] == lesson_url(first)
    assert client.get(lesson_url(second)).status_code == 200


def test_completing_a_locked_task_is_refused_and_not_recorded(client, enrolled):
    task = tasks_of(lessons_in_order(enrolled)[1])[0]
    response = client.post(reverse("student_pwa:task_complete", args=[task.pk]))
    assert response.status_code == 403
    assert "Finish “Lesson 1.1” first." in response.content.decode()
    response = client.post(
        reverse("student_pwa:task_complete", args=[task.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 403
    assert json.loads(response["HX-Trigger"])["toast"][0]["level"] == "error"
    assert not TaskCompletion.objects.exists()


def test_quiz_task_without_an_engine_is_not_available_yet_and_has_no_button(
    client, enrolled, no_quiz_engine
):
    first = lessons_in_order(enrolled)[0]
    quiz = tasks_of(first)[0]
    quiz.kind = TaskKind.QUIZ
    quiz.save(update_fields=["kind"])
    html = client.get(lesson_url(first)).content.decode()
    assert "Quiz: not available yet." in html
    assert "Not available yet" in html  # the badge
    assert reverse("student_pwa:task_complete", args=[quiz.pk]) not in html


def test_htmx_refresh_of_the_task_list_returns_the_fragment(client, enrolled):
    first = lessons_in_order(enrolled)[0]
    response = client.get(lesson_url(first), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="lesson-tasks")
    assert response.content.decode().lstrip().startswith('<section id="lesson-tasks"')
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize("who", ["stranger", "other_course", "revoked"])
def test_people_without_access_get_403(client, who):
    course = three_module_course()
    user = StudentFactory()
    if who == "other_course":
        EnrollmentFactory(user=user, course=build_course(modules=1))
    if who == "revoked":
        EnrollmentFactory(user=user, course=course, status=EnrollmentStatus.REVOKED)
    client.force_login(user)
    first = lessons_in_order(course)[0]
    for url in (reverse("student_pwa:course_roadmap", args=[course.slug]), lesson_url(first)):
        response = client.get(url)
        assert response.status_code == 403
        assert first.body not in response.content.decode()
    response = client.post(reverse("student_pwa:task_complete", args=[tasks_of(first)[0].pk]))
    assert response.status_code == 403
    assert not TaskCompletion.objects.exists()


def test_anonymous_is_sent_to_log_in(client):
    course = three_module_course()
    for url in (
        reverse("student_pwa:my_courses"),
        reverse("student_pwa:course_roadmap", args=[course.slug]),
        lesson_url(lessons_in_order(course)[0]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_instructor_and_admin_preview_every_lesson(client, instructor, admin_user):
    course = three_module_course(instructors=[instructor])
    last = lessons_in_order(course)[-1]
    for user in (instructor, admin_user):
        client.force_login(user)
        response = client.get(lesson_url(last))
        assert response.status_code == 200
        html = response.content.decode()
        assert "Preview:" in html and last.body in html
        assert "Mark as done" not in html
        assert (
            "Preview:"
            in client.get(
                reverse("student_pwa:course_roadmap", args=[course.slug])
            ).content.decode()
        )


def test_lesson_of_another_course_slug_is_404(client, enrolled):
    other = build_course(modules=1)
    EnrollmentFactory(user=enrolled.enrollments.get().user, course=other)
    response = client.get(
        reverse("student_pwa:lesson_detail", args=[other.slug, lessons_in_order(enrolled)[0].pk])
    )
    assert response.status_code == 404


def test_my_courses_lists_progress_and_continue_link(client, student):
    course = three_module_course(title="Python from zero")
    EnrollmentFactory(user=student, course=course)
    complete_lessons(student, lessons_in_order(course)[:1])
    client.force_login(student)
    html = client.get(reverse("student_pwa:my_courses")).content.decode()
    assert "Python from zero" in html
    assert '<progress max="100" value="16"' in html
    assert f'href="{lesson_url(lessons_in_order(course)[1])}#task-' in html
    assert "Continue" in html


def test_my_courses_empty_state(client, student):
    client.force_login(student)
    assert (
        "not enrolled in any course yet"
        in client.get(reverse("student_pwa:my_courses")).content.decode()
    )


@pytest.mark.parametrize("count", [5, 100])
def test_roadmap_page_query_count_is_constant(client, student, django_assert_num_queries, count):
    # 5 tasks or 100 tasks, in five modules.
    course = build_course(modules=5, lessons_per_module=1, tasks_per_lesson=count // 5)
    EnrollmentFactory(user=student, course=course)
    client.force_login(student)
    url = reverse("student_pwa:course_roadmap", args=[course.slug])
    # user with its verified email (the session is read from the cache), the course with
    # the enrollment, modules, lessons, tasks, completions
    with django_assert_num_queries(6):
        assert client.get(url).status_code == 200
    # The outline is cached (lms/learning/answers.py): user, the course with the
    # enrollment, completions
    with django_assert_num_queries(3):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("count", [5, 100])
def test_my_courses_page_query_count_is_constant(client, student, django_assert_num_queries, count):
    for _ in range(count):
        EnrollmentFactory(
            user=student, course=build_course(modules=1, lessons_per_module=1, tasks_per_lesson=1)
        )
    client.force_login(student)
    # user with its verified email, enrollments, the outlines (modules, lessons, tasks)
    # until cached, completions
    with django_assert_num_queries(6):
        assert client.get(reverse("student_pwa:my_courses")).status_code == 200
    with django_assert_num_queries(3):
        assert client.get(reverse("student_pwa:my_courses")).status_code == 200


def _watch_lesson(enrolled, student):
    lesson = lessons_in_order(enrolled)[0]
    watch = tasks_of(lesson)[0]
    watch.kind = TaskKind.WATCH
    watch.save(update_fields=["kind"])
    lesson.video_file.save("clip.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42" + bytes(100)))
    return lesson, watch


def test_player_progress_json_saves_and_auto_completes(client, enrolled, student, settings):
    settings.LMS_WATCH_COMPLETE_RATIO = 0.9
    lesson, watch = _watch_lesson(enrolled, student)
    url = reverse("student_pwa:lesson_progress", args=[lesson.pk])
    response = client.post(
        url, {"position_seconds": 30.2, "duration_seconds": 100}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["completed_task_ids"] == []
    assert LessonProgress.objects.get(user=student, lesson=lesson).video_position_seconds == 30

    response = client.post(
        url, {"position_seconds": "95", "duration_seconds": "100"}
    )  # form-encoded
    assert response.status_code == 200
    assert response.json()["completed_task_ids"] == [watch.pk]
    assert TaskCompletion.objects.filter(user=student, task=watch).exists()

    # The lesson page resumes there.
    html = client.get(lesson_url(lesson)).content.decode()
    assert 'data-resume-position="95"' in html
    assert f'src="{reverse("student_pwa:lesson_file", args=[lesson.pk, "video"])}"' in html
    assert lesson.video_file.url not in html  # never the storage's own address


def test_player_progress_refuses_bad_input_and_locked_lessons(client, enrolled):
    first, second = lessons_in_order(enrolled)[:2]
    response = client.post(
        reverse("student_pwa:lesson_progress", args=[first.pk]),
        {"position_seconds": "x"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"position_seconds", "duration_seconds"}
    response = client.post(
        reverse("student_pwa:lesson_progress", args=[second.pk]),
        {"position_seconds": 1, "duration_seconds": 10},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["error"]["message"] == "Finish “Lesson 1.1” first."
    # A bad body to a lesson one may not read is refused for the lesson, not for the body.
    for body in ({"position_seconds": "x"}, "not json"):
        response = client.post(
            reverse("student_pwa:lesson_progress", args=[second.pk]),
            body,
            content_type="application/json",
        )
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "lesson_locked"
    assert not LessonProgress.objects.exists()


def test_pages_send_no_inline_script_or_style(client, enrolled):
    first = lessons_in_order(enrolled)[0]
    for url in (
        reverse("student_pwa:my_courses"),
        reverse("student_pwa:course_roadmap", args=[enrolled.slug]),
        lesson_url(first),
    ):
        html = client.get(url).content.decode()
        assert "<script>" not in html and "style=" not in html and "<style" not in html
