"""The plain-data answers (lms/learning/answers.py) say exactly what the model-based reads
say: the roadmap, field for field as the API's serializer renders `roadmap_get`, and the
course cards, figure for figure as `my_courses_get`, at every stage of a course; in a fixed
number of queries whatever the size."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.translation import override

from lms.api.learning import RoadmapOutputSerializer
from lms.catalog.models import Task, TaskKind
from lms.catalog.tests.factories import build_course
from lms.core.errors import PermissionDeniedError
from lms.dashboard.cache import person_changed
from lms.learning.answers import course_cards_get, roadmap_answer_get
from lms.learning.models import EnrollmentStatus
from lms.learning.selectors import course_access_get, my_courses_get, roadmap_get
from lms.learning.tests.factories import (
    EnrollmentFactory,
    complete_lessons,
    lessons_in_order,
    three_module_course,
)

pytestmark = pytest.mark.django_db


def assert_answers_match(student):
    cards = course_cards_get(user=student)
    items = my_courses_get(user=student)
    assert [card["course"]["id"] for card in cards] == [item.course.pk for item in items]
    for card, item in zip(cards, items, strict=True):
        assert card["progress"] == item.progress
        assert card["status"] == item.enrollment.status
        assert card["course"]["slug"] == item.course.slug
        assert card["course"]["title"] == item.course.title
        if item.next_task is None:
            assert card["next_task"] is None
        else:
            assert card["next_task"] == {
                "id": item.next_task.pk,
                "title": item.next_task.title,
                "lesson_id": item.next_task.lesson_id,
                "lesson_title": item.next_task.lesson.title,
            }
        roadmap = roadmap_get(user=student, course=item.course)
        expected = RoadmapOutputSerializer(roadmap).data
        assert roadmap_answer_get(user=student, course=item.course) == expected


def test_answers_agree_with_the_model_reads_at_every_stage(student, no_quiz_engine):
    course = three_module_course()
    other = build_course(modules=2, lessons_per_module=1, tasks_per_lesson=3)
    # A graded kind without an engine: shown as "not available", never counted.
    Task.objects.filter(lesson__module__course=other).filter(position=2).update(kind=TaskKind.QUIZ)
    EnrollmentFactory(user=student, course=course)
    EnrollmentFactory(user=student, course=other, enrolled_at=timezone.now() - timedelta(1))
    lessons = lessons_in_order(course)
    assert_answers_match(student)
    # In order, then the free-order module's second lesson before its first, then the end.
    for stage in ([0], [1], [3], [2], [4], [5]):
        complete_lessons(student, [lessons[index] for index in stage])
        assert_answers_match(student)
    complete_lessons(student, lessons_in_order(other)[1:])  # work done ahead
    assert_answers_match(student)


def test_titles_follow_the_language_with_fallbacks(student):
    course = build_course(modules=1, lessons_per_module=1, tasks_per_lesson=1, title_hi="हिंदी")
    course.modules.update(title_hi="मॉड्यूल")
    EnrollmentFactory(user=student, course=course)
    for language in ("en", "hi"):
        with override(language):
            assert_answers_match(student)
    with override("hi"):
        (card,) = course_cards_get(user=student)
        answer = roadmap_answer_get(user=student, course=course)
    assert card["course"]["title"] == "हिंदी"
    assert answer["modules"][0]["title"] == "मॉड्यूल"
    assert answer["modules"][0]["lessons"][0]["title"] == "Lesson 1.1"  # English fallback
    assert card["next_task"]["lesson_title"] == "Lesson 1.1"


def test_preview_and_refusals(student, instructor, admin_user):
    course = build_course(modules=2, lessons_per_module=1, tasks_per_lesson=1)
    course.instructors.add(instructor)
    for person in (instructor, admin_user):
        answer = roadmap_answer_get(user=person, course=course)
        assert answer == RoadmapOutputSerializer(roadmap_get(user=person, course=course)).data
        assert answer["mode"] == "preview"
        assert {lesson["state"] for m in answer["modules"] for lesson in m["lessons"]} == {
            "available"
        }
    with pytest.raises(PermissionDeniedError) as refused:
        roadmap_answer_get(user=student, course=course)
    assert refused.value.code == "not_enrolled"
    EnrollmentFactory(user=student, course=course, status=EnrollmentStatus.REVOKED)
    with pytest.raises(PermissionDeniedError) as refused:
        roadmap_answer_get(user=student, course=course)
    assert refused.value.code == "enrollment_revoked"
    assert course_cards_get(user=student) == []


@pytest.mark.parametrize("count", [5, 60])
def test_roadmap_answer_queries_do_not_grow(student, django_assert_num_queries, count):
    course = build_course(modules=5, lessons_per_module=1, tasks_per_lesson=count // 5)
    EnrollmentFactory(user=student, course=course)
    complete_lessons(student, lessons_in_order(course)[:2])
    # enrollment, modules, lessons, tasks, completions
    with django_assert_num_queries(5):
        answer = roadmap_answer_get(user=student, course=course)
    assert answer["progress"]["total"] == count
    # As the faces read it: the course with the enrollment, then the completions (the
    # outline is cached now)
    with django_assert_num_queries(2):
        read, access = course_access_get(user=student, slug=course.slug)
        assert roadmap_answer_get(user=student, course=read, access=access) == answer


@pytest.mark.parametrize("count", [5, 50])
def test_course_cards_queries_do_not_grow(student, django_assert_num_queries, count):
    for _number in range(count):
        course = build_course(modules=1, lessons_per_module=2, tasks_per_lesson=2)
        EnrollmentFactory(user=student, course=course)
    complete_lessons(student, lessons_in_order(course)[:1])
    # enrollments, completions, and the outlines (modules, lessons, tasks) until cached
    with django_assert_num_queries(5):
        cards = course_cards_get(user=student)
    assert len(cards) == count
    with django_assert_num_queries(2):
        assert len(course_cards_get(user=student, limit=6)) == min(count, 6)
    with django_assert_num_queries(2):
        assert course_cards_get(user=student) == cards


def test_pages_show_the_answers(client, student):
    """The roadmap page and the dashboard read the plain answers: kind labels, the course
    done, the next task's anchor, the completed badge."""
    from django.urls import reverse

    course = build_course(modules=1, lessons_per_module=2, tasks_per_lesson=1, title="Done")
    enrollment = EnrollmentFactory(user=student, course=course)
    client.force_login(student)
    roadmap_url = reverse("student_pwa:course_roadmap", args=[course.slug])
    first_task = Task.objects.filter(lesson__module__course=course).order_by("lesson__position")[0]
    html = client.get(roadmap_url).content.decode()
    assert html.count("(Read)") == 2  # the kind's label, as get_kind_display said
    dashboard = client.get(reverse("student_pwa:home")).content.decode()
    assert f"/{first_task.lesson_id}/#task-{first_task.pk}" in dashboard
    complete_lessons(student, lessons_in_order(course))
    enrollment.status = EnrollmentStatus.COMPLETED
    enrollment.save()
    person_changed(student.pk)  # what the completion's events tell the stored dashboard
    html = client.get(roadmap_url).content.decode()
    assert "You have completed this course" in html and "Next step" not in html
    dashboard = client.get(reverse("student_pwa:home")).content.decode()
    assert "Review the course" in dashboard and "badge--success" in dashboard


def test_course_cards_follow_a_changed_course_at_once(student):
    """The outlines come from the cache, kept under the catalog version: a new task, a
    renamed one and a task removed show on the next read."""
    course = build_course(modules=1, lessons_per_module=1, tasks_per_lesson=2)
    EnrollmentFactory(user=student, course=course)
    (card,) = course_cards_get(user=student)
    assert card["progress"].total == 2
    first = Task.objects.filter(lesson__module__course=course).order_by("position")[0]
    Task.objects.create(lesson=first.lesson, title="Added", kind=TaskKind.READ, position=9)
    first.title = "Renamed"
    first.save()
    (card,) = course_cards_get(user=student)
    assert card["progress"].total == 3
    assert card["next_task"]["title"] == "Renamed"
    first.delete()
    (card,) = course_cards_get(user=student)
    assert card["progress"].total == 2
    assert card["next_task"]["title"] != "Renamed"
