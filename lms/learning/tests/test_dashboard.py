"""The dashboard reads progress and the next task from per-course aggregates: at every
stage of a course, in order, in free order and out of order, it says what the roadmap says."""

import pytest

from lms.catalog.models import Task
from lms.catalog.tests.factories import build_course
from lms.dashboard.cache import person_changed
from lms.learning.models import TaskCompletion
from lms.learning.selectors import my_courses_get, roadmap_get
from lms.learning.tests.factories import (
    EnrollmentFactory,
    complete_lessons,
    lessons_in_order,
    three_module_course,
)

pytestmark = pytest.mark.django_db


def assert_dashboard_matches_roadmaps(student):
    items = my_courses_get(user=student)
    assert items
    for item in items:
        roadmap = roadmap_get(user=student, course=item.course)
        assert item.progress == roadmap.progress
        if roadmap.next_step is None:
            assert item.next_task is None
        else:
            assert item.next_task.pk == roadmap.next_step.task.pk
            assert item.next_task.title == roadmap.next_step.task.title
            assert item.next_task.lesson_id == roadmap.next_lesson.lesson.pk
            assert item.next_task.lesson.title == roadmap.next_lesson.lesson.title


def test_dashboard_agrees_with_the_roadmap_at_every_stage(student):
    course = three_module_course()
    other = build_course(modules=2, lessons_per_module=1, tasks_per_lesson=3)
    EnrollmentFactory(user=student, course=course)
    EnrollmentFactory(user=student, course=other)
    lessons = lessons_in_order(course)
    assert_dashboard_matches_roadmaps(student)
    # In order, then the free-order module's second lesson before its first, then the end.
    for stage in ([0], [1], [3], [2], [4], [5]):
        complete_lessons(student, [lessons[index] for index in stage])
        assert_dashboard_matches_roadmaps(student)
    assert next(i for i in my_courses_get(user=student) if i.course == course).next_task is None


def test_work_done_ahead_does_not_move_the_next_task(student):
    course = build_course(modules=2, lessons_per_module=2, tasks_per_lesson=2)
    EnrollmentFactory(user=student, course=course)
    lessons = lessons_in_order(course)
    # Done further ahead (say the roadmap was reordered since): the first gap stays next.
    complete_lessons(student, lessons[1:])
    assert_dashboard_matches_roadmaps(student)
    (item,) = my_courses_get(user=student)
    assert item.next_task.lesson_id == lessons[0].pk
    assert item.progress.done == 6


def test_positions_decide_the_order_not_ids(student):
    course = build_course(modules=1, lessons_per_module=1, tasks_per_lesson=3)
    EnrollmentFactory(user=student, course=course)
    first, second, third = Task.objects.filter(lesson__module__course=course).order_by("pk")
    Task.objects.filter(pk=third.pk).update(position=0)
    TaskCompletion.objects.create(user=student, task=third)
    assert_dashboard_matches_roadmaps(student)
    assert my_courses_get(user=student)[0].next_task == first


def test_other_students_work_is_not_counted(student):
    from lms.accounts.tests.factories import StudentFactory

    course = build_course(modules=1, lessons_per_module=2, tasks_per_lesson=2)
    EnrollmentFactory(user=student, course=course)
    someone = StudentFactory()
    EnrollmentFactory(user=someone, course=course)
    complete_lessons(someone, lessons_in_order(course))
    (item,) = my_courses_get(user=student)
    assert (item.progress.done, item.progress.total) == (0, 4)
    assert_dashboard_matches_roadmaps(student)


@pytest.mark.parametrize("count", [5, 50])
def test_dashboard_page_queries_do_not_grow_and_show_the_latest(
    client, student, django_assert_num_queries, count
):
    from datetime import timedelta

    from django.urls import reverse
    from django.utils import timezone

    now = timezone.now()
    for number in range(count):
        course = build_course(
            modules=1, lessons_per_module=2, tasks_per_lesson=2, title=f"Course number {number}"
        )
        EnrollmentFactory(user=student, course=course, enrolled_at=now - timedelta(days=number))
    client.force_login(student)
    # user with its verified email, latest enrollments, their outlines (modules, lessons,
    # tasks) until cached, completions, then the other panels (lms.dashboard): attendance,
    # streak, meetings, assignments, quizzes, standing (board, level curve, badges),
    # notifications (newest with the unread count), certificates
    with django_assert_num_queries(16):
        body = client.get(reverse("student_pwa:home")).content.decode()
    with django_assert_num_queries(1):  # the person; the dashboard from the cache
        again = client.get(reverse("student_pwa:home")).content.decode()
    person_changed(student.pk)  # built again: the outlines from the cache
    with django_assert_num_queries(13):
        rebuilt = client.get(reverse("student_pwa:home")).content.decode()
    for page in (body, again, rebuilt):
        shown = [number for number in range(count) if f">Course number {number}<" in page]
        assert shown == list(range(min(count, 6)))


def test_a_graded_task_without_an_engine_counts_as_on_the_roadmap(student):
    """A quiz no engine grades yet is "not available": neither the roadmap nor the dashboard
    counts it or offers it as the next step."""
    from lms.learning.grading import grading_engine_for, grading_engine_unregister

    course = build_course(modules=1, lessons_per_module=2, tasks_per_lesson=2)
    first = (
        Task.objects.filter(lesson__module__course=course)
        .order_by("lesson__position", "position")
        .first()
    )
    engine = grading_engine_for("quiz")
    grading_engine_unregister(kind="quiz")
    try:
        Task.objects.filter(pk=first.pk).update(kind="quiz")
        EnrollmentFactory(user=student, course=course)
        assert_dashboard_matches_roadmaps(student)
        assert my_courses_get(user=student)[0].progress.total == 3
    finally:
        if engine:
            from lms.learning.grading import grading_engine_register

            grading_engine_register(kind="quiz", engine=engine)
