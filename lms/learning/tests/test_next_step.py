"""Completing a task answers with the next step, and the student app builds the roadmap once
per request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework_simplejwt.tokens import AccessToken

from lms.learning.tests.factories import (
    EnrollmentFactory,
    lessons_in_order,
    tasks_of,
    three_module_course,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(student):
    course = three_module_course()
    EnrollmentFactory(user=student, course=course)
    return course


def roadmap_loads(queries) -> int:
    """How many times the roadmap's modules were read (once per roadmap built)."""
    return sum(
        1
        for query in queries
        if query["sql"].lstrip().upper().startswith("SELECT")
        and '"catalog_module"' in query["sql"]
        and 'FROM "catalog_module"' in query["sql"]
    )


def test_the_api_answer_carries_the_next_step(api_client, student, course):
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(student)}")
    first, second = lessons_in_order(course)[:2]
    one, two = tasks_of(first)
    body = api_client.post(reverse("api:task-complete", args=[one.pk])).json()
    assert body["next_step"] == {
        "task_id": two.pk,
        "task_title": two.title,
        "lesson_id": first.pk,
        "lesson_title": first.title,
    }
    body = api_client.post(reverse("api:task-complete", args=[two.pk])).json()
    assert body["next_step"]["task_id"] == tasks_of(second)[0].pk  # the next lesson opened


def test_the_last_task_answers_no_next_step(api_client, student):
    course = three_module_course()
    EnrollmentFactory(user=student, course=course)
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(student)}")
    tasks = [task for lesson in lessons_in_order(course) for task in tasks_of(lesson)]
    for task in tasks:
        body = api_client.post(reverse("api:task-complete", args=[task.pk])).json()
    assert body["course_completed"] and body["next_step"] is None


def test_mark_as_done_through_htmx_builds_the_roadmap_once(client, student, course):
    client.force_login(student)
    first = lessons_in_order(course)[0]
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            reverse("student_pwa:task_complete", args=[tasks_of(first)[0].pk]),
            HTTP_HX_REQUEST="true",
            HTTP_HX_TARGET="lesson-tasks",
        )
    assert response.status_code == 200
    assert "1 of 2 done" in response.content.decode()
    assert roadmap_loads(queries.captured_queries) == 1


def test_the_lesson_page_builds_the_roadmap_once(client, student, course):
    client.force_login(student)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(
            reverse("student_pwa:lesson_detail", args=[course.slug, lessons_in_order(course)[0].pk])
        )
    assert response.status_code == 200
    assert roadmap_loads(queries.captured_queries) == 1
