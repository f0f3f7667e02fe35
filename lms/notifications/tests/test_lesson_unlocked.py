"""A completion that opens a locked lesson tells the student ("lesson unlocked"), through
the pages a student uses; the completion that finishes the course says only that."""

import pytest
from django.urls import reverse

from lms.assessments.models import Attempt
from lms.assessments.tests.factories import quiz_course, right_option
from lms.catalog.models import Task, TaskKind
from lms.catalog.tests.factories import build_course
from lms.core.events import subscribe, unsubscribe
from lms.learning.events import LessonUnlocked
from lms.learning.services import task_complete
from lms.learning.tests.factories import (
    EnrollmentFactory,
    lessons_in_order,
    tasks_of,
    three_module_course,
)
from lms.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _lesson_url(lesson):
    return reverse("student_pwa:lesson_detail", args=[lesson.module.course.slug, lesson.pk])


def _done(client, task):
    response = client.post(reverse("student_pwa:task_complete", args=[task.pk]))
    assert response.status_code == 302


def test_marking_the_last_task_of_a_lesson_done_notifies_the_next_lesson(
    client, student, django_capture_on_commit_callbacks
):
    course = three_module_course()
    EnrollmentFactory(user=student, course=course)
    client.force_login(student)
    first, second = lessons_in_order(course)[:2]
    one, two = tasks_of(first)
    with django_capture_on_commit_callbacks(execute=True):
        _done(client, one)
    assert not Notification.objects.filter(kind="lesson_unlocked").exists()

    with django_capture_on_commit_callbacks(execute=True):
        _done(client, two)
        _done(client, two)  # again: nothing new opens, nothing is sent twice
    notification = Notification.objects.get(user=student, kind="lesson_unlocked")
    assert notification.title == f"New lesson open: {second.title}"
    assert notification.link == _lesson_url(second)
    assert client.get(notification.link).status_code == 200


def test_a_free_order_module_opens_each_of_its_lessons_once(
    client, student, django_capture_on_commit_callbacks
):
    course = three_module_course()  # module 2 lets its two lessons be taken in any order
    EnrollmentFactory(user=student, course=course)
    client.force_login(student)
    lessons = lessons_in_order(course)
    with django_capture_on_commit_callbacks(execute=True):
        for lesson in lessons[:2]:
            for task in tasks_of(lesson):
                _done(client, task)
    links = sorted(
        Notification.objects.filter(user=student, kind="lesson_unlocked").values_list(
            "link", flat=True
        )
    )
    assert links == sorted(_lesson_url(lesson) for lesson in lessons[1:4])
    # Finishing one lesson of the free module opens nothing new (the other is open already).
    with django_capture_on_commit_callbacks(execute=True):
        for task in tasks_of(lessons[2]):
            _done(client, task)
    assert Notification.objects.filter(user=student, kind="lesson_unlocked").count() == 3


def test_the_completion_that_finishes_the_course_sends_no_unlock(
    client, student, django_capture_on_commit_callbacks
):
    course = build_course(modules=1, lessons_per_module=2, tasks_per_lesson=1)
    EnrollmentFactory(user=student, course=course)
    client.force_login(student)
    first, second = lessons_in_order(course)
    with django_capture_on_commit_callbacks(execute=True):
        _done(client, tasks_of(first)[0])
        _done(client, tasks_of(second)[0])
    kinds = list(Notification.objects.filter(user=student).values_list("kind", flat=True))
    assert kinds.count("lesson_unlocked") == 1
    assert "course_completed" in kinds


def test_watching_the_video_far_enough_unlocks_the_next_lesson(
    client, student, settings, django_capture_on_commit_callbacks
):
    settings.LMS_WATCH_COMPLETE_RATIO = 0.9
    course = build_course(modules=1, lessons_per_module=3, tasks_per_lesson=1)
    EnrollmentFactory(user=student, course=course)
    client.force_login(student)
    first, second, _third = lessons_in_order(course)
    Task.objects.filter(lesson=first).update(kind=TaskKind.WATCH)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("student_pwa:lesson_progress", args=[first.pk]),
            {"position_seconds": 95, "duration_seconds": 100},
            content_type="application/json",
        )
    assert response.status_code == 200
    notification = Notification.objects.get(user=student, kind="lesson_unlocked")
    assert notification.link == _lesson_url(second)


def test_passing_the_quiz_through_its_pages_unlocks_the_next_lesson(
    client, student, django_capture_on_commit_callbacks
):
    """The graded path: the quiz's submit calls `task_complete_graded`."""
    setup = quiz_course(student=student)
    client.force_login(student)
    with django_capture_on_commit_callbacks(execute=True):
        _done(client, setup.reading)  # the quiz still locks lesson 2
    assert not Notification.objects.filter(kind="lesson_unlocked").exists()
    client.post(reverse("student_pwa:attempt_start", args=[setup.assessment.pk]))
    attempt = Attempt.objects.get(user=student, assessment=setup.assessment)
    question_ids = attempt.questions.order_by("position").values_list("question_id", flat=True)
    with django_capture_on_commit_callbacks(execute=True):
        for pk in question_ids:
            answer = client.post(
                reverse("student_pwa:attempt_answer", args=[attempt.pk, pk]),
                {"option": [right_option(pk)]},
                HTTP_HX_REQUEST="true",
            )
            assert answer.status_code == 200
        client.post(reverse("student_pwa:attempt_submit", args=[attempt.pk]))
    notification = Notification.objects.get(user=student, kind="lesson_unlocked")
    assert notification.link == _lesson_url(setup.second)


def test_the_event_names_the_student_course_and_lesson(student, django_capture_on_commit_callbacks):
    seen = []
    subscribe(LessonUnlocked, seen.append)
    try:
        course = build_course(modules=1, lessons_per_module=3, tasks_per_lesson=1)
        EnrollmentFactory(user=student, course=course)
        first, second, _third = lessons_in_order(course)
        with django_capture_on_commit_callbacks(execute=True):
            task_complete(user=student, task=tasks_of(first)[0])
            task_complete(user=student, task=tasks_of(first)[0])
        assert seen == [
            LessonUnlocked(user_id=student.pk, course_id=course.pk, lesson_id=second.pk)
        ]
    finally:
        unsubscribe(LessonUnlocked, seen.append)
