from decimal import Decimal

import pytest

from lms.accounts.tests.factories import InstructorFactory
from lms.catalog import selectors, services
from lms.catalog.models import Lesson
from lms.catalog.tests.factories import CourseFactory, build_course

pytestmark = pytest.mark.django_db


def test_courses_editable_by_each_role(admin_user, instructor, student):
    mine = CourseFactory(instructors=[instructor])
    services.course_permissions_sync(course=mine)
    other = CourseFactory(instructors=[InstructorFactory()])
    services.course_permissions_sync(course=other)

    assert set(selectors.courses_editable_by(admin_user)) == {mine, other}
    assert list(selectors.courses_editable_by(instructor)) == [mine]
    assert list(selectors.courses_editable_by(student)) == []
    # Demoted instructors lose access even though the permission row remains.
    instructor.role = "student"
    instructor.save()
    assert list(selectors.courses_editable_by(instructor)) == []


def test_catalog_annotations_are_exact():
    course = build_course(modules=3, lessons_per_module=2, tasks_per_lesson=4)
    Lesson.objects.filter(module__course=course).update(estimated_minutes=7)
    empty = CourseFactory()
    listed = {c.pk: c for c in selectors.course_stats_attach(selectors.course_list_published())}
    stats = {pk: (c.module_count, c.lesson_count, c.total_minutes) for pk, c in listed.items()}
    assert stats == {course.pk: (3, 6, 42), empty.pk: (0, 0, 0)}
    page = selectors.course_get_for_page(slug=course.slug, user=None)
    assert (page.module_count, page.lesson_count, page.total_minutes) == (3, 6, 42)


def test_price_filters_and_sorts():
    free = CourseFactory(title="B free")
    cheap = CourseFactory(title="A cheap", paid=True, price=Decimal("100"))
    dear = CourseFactory(title="C dear", coupon_only=True, price=Decimal("9000"))
    assert list(selectors.course_list_published(price="free")) == [free]
    assert set(selectors.course_list_published(price="paid")) == {cheap, dear}
    assert set(selectors.course_list_published(max_price="500")) == {free, cheap}
    assert list(selectors.course_list_published(sort="price_desc"))[0] == dear
    assert list(selectors.course_list_published(sort="title")) == [cheap, free, dear]
    assert set(selectors.course_list_published(max_price="not a number")) == {free, cheap, dear}


def test_syllabus_counts_tasks_and_orders_lessons():
    course = build_course(modules=2, lessons_per_module=3, tasks_per_lesson=2)
    modules = selectors.course_syllabus(course=course)
    assert [module.position for module in modules] == [1, 2]
    assert [lesson.task_count for lesson in modules[0].lessons.all()] == [2, 2, 2]
