"""Graded tasks: without a grading engine for their kind they are "not available yet" and
block nothing; with one registered they block until `task_complete_graded` is called."""

import pytest
from django.urls import reverse

from lms.catalog.models import Task, TaskKind
from lms.catalog.tests.factories import build_course
from lms.core.errors import PermissionDeniedError
from lms.learning.grading import (
    grading_engine_for,
    grading_engine_register,
    grading_engine_unregister,
)
from lms.learning.models import EnrollmentStatus, TaskCompletion
from lms.learning.selectors import StepState, course_task_counts, roadmap_get
from lms.learning.services import task_complete, task_complete_graded
from lms.learning.tests.factories import EnrollmentFactory, lessons_in_order, tasks_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz_engine():
    """An engine for quizzes, then the registry as it was (lms.assessments registers one)."""
    before = grading_engine_for(TaskKind.QUIZ)
    grading_engine_register(kind=TaskKind.QUIZ, engine="assessments")
    yield
    grading_engine_unregister(kind=TaskKind.QUIZ)
    if before is not None:
        grading_engine_register(kind=TaskKind.QUIZ, engine=before)


@pytest.fixture
def course_with_a_quiz(student):
    """Two lessons of two tasks; the first lesson's second task is a quiz."""
    course = build_course(modules=1, lessons_per_module=2, tasks_per_lesson=2)
    enrollment = EnrollmentFactory(user=student, course=course)
    first, second = lessons_in_order(course)
    Task.objects.filter(pk=tasks_of(first)[1].pk).update(kind=TaskKind.QUIZ)
    return course, enrollment, first, second


def test_a_quiz_without_an_engine_blocks_neither_the_next_lesson_nor_the_course(
    student, course_with_a_quiz, no_quiz_engine
):
    course, enrollment, first, second = course_with_a_quiz
    reading, quiz = tasks_of(first)
    task_complete(user=student, task=reading)

    roadmap = roadmap_get(user=student, course=course)
    quiz_step = roadmap.lesson_step(first.pk).tasks[1]
    assert quiz_step.state == StepState.UNAVAILABLE and quiz_step.reason == "Not available yet."
    assert roadmap.lesson_step(first.pk).progress.is_complete
    assert roadmap.lesson_step(second.pk).is_open
    assert roadmap.progress.total == 3  # the quiz is not counted
    assert roadmap.next_step.task == tasks_of(second)[0]

    results = [task_complete(user=student, task=task) for task in tasks_of(second)]
    assert results[-1].course_completed
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.COMPLETED


def test_with_an_engine_the_quiz_blocks_until_it_is_graded(
    student, course_with_a_quiz, quiz_engine
):
    course, enrollment, first, second = course_with_a_quiz
    reading, quiz = tasks_of(first)
    task_complete(user=student, task=reading)

    roadmap = roadmap_get(user=student, course=course)
    assert roadmap.lesson_step(first.pk).tasks[1].state == StepState.AVAILABLE
    assert not roadmap.lesson_step(second.pk).is_open
    assert roadmap.next_step.task == quiz
    assert course_task_counts(user=student, course=course).total == 4
    with pytest.raises(PermissionDeniedError):  # still not marked done by the student
        task_complete(user=student, task=quiz)

    result = task_complete_graded(user=student, task=quiz, source="quiz")
    assert result.created and not result.course_completed
    assert roadmap_get(user=student, course=course).lesson_step(second.pk).is_open
    again = task_complete_graded(user=student, task=quiz, source="quiz")
    assert not again.created

    results = [task_complete(user=student, task=task) for task in tasks_of(second)]
    assert results[-1].course_completed


def test_graded_completion_follows_the_lock_rules(student, course_with_a_quiz, quiz_engine):
    course, _enrollment, first, second = course_with_a_quiz
    Task.objects.filter(pk=tasks_of(second)[0].pk).update(kind=TaskKind.QUIZ)
    with pytest.raises(PermissionDeniedError) as error:
        task_complete_graded(user=student, task=tasks_of(second)[0], source="quiz")
    assert error.value.code == "lesson_locked"
    assert not TaskCompletion.objects.exists()


def test_graded_completion_without_an_engine_is_a_programming_error(
    student, course_with_a_quiz, no_quiz_engine
):
    _course, _enrollment, first, _second = course_with_a_quiz
    reading, quiz = tasks_of(first)
    with pytest.raises(ValueError):
        task_complete_graded(user=student, task=quiz, source="quiz")
    with pytest.raises(ValueError):
        task_complete_graded(user=student, task=reading, source="quiz")
    assert not TaskCompletion.objects.exists()


def test_the_api_roadmap_says_not_available_yet(
    api_client, student, course_with_a_quiz, no_quiz_engine
):
    course, _enrollment, first, _second = course_with_a_quiz
    task_complete(user=student, task=tasks_of(first)[0])
    api_client.force_authenticate(student)
    body = api_client.get(reverse("api:course-roadmap", args=[course.slug])).json()
    quiz = body["modules"][0]["lessons"][0]["tasks"][1]
    assert quiz["state"] == "unavailable" and quiz["reason"] == "Not available yet."
    assert body["modules"][0]["lessons"][1]["state"] == "available"
