"""Factories for the learning context. Courses come from the catalog's factories."""

import factory

from lms.accounts.tests.factories import StudentFactory
from lms.catalog.models import Course, Lesson, Task
from lms.catalog.tests.factories import CourseFactory, build_course
from lms.learning.models import Enrollment, EnrollmentSource, EnrollmentStatus, TaskCompletion


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    user = factory.SubFactory(StudentFactory)
    course = factory.SubFactory(CourseFactory)
    source = EnrollmentSource.ADMIN
    status = EnrollmentStatus.ACTIVE


class TaskCompletionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaskCompletion

    user = factory.SubFactory(StudentFactory)
    task = factory.SubFactory("lms.catalog.tests.factories.TaskFactory")


def three_module_course(**course_fields) -> Course:
    """The course the lock-rule tests walk through: three modules of two lessons with two
    tasks each; the middle module ("Module 2") lets its lessons be taken in any order."""
    course = build_course(modules=3, lessons_per_module=2, tasks_per_lesson=2, **course_fields)
    course.modules.filter(position=2).update(free_order=True)
    return course


def lessons_in_order(course: Course) -> list[Lesson]:
    return list(
        Lesson.objects.filter(module__course=course)
        .select_related("module__course")
        .order_by("module__position", "module__pk", "position", "pk")
    )


def tasks_of(lesson: Lesson) -> list[Task]:
    return list(lesson.tasks.select_related("lesson__module__course").order_by("position", "pk"))


def complete_lessons(user, lessons: list[Lesson]) -> None:
    """Mark every task of `lessons` done directly (test set-up, bypassing the rules)."""
    TaskCompletion.objects.bulk_create(
        [TaskCompletion(user=user, task=task) for lesson in lessons for task in lesson.tasks.all()],
        ignore_conflicts=True,
    )
