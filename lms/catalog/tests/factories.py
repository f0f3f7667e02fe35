"""Factories for the catalog: courses and their roadmap. Other contexts' tests import these."""

from decimal import Decimal

import factory
from django.utils import timezone

from lms.catalog.models import (
    Course,
    CourseLevel,
    CourseStatus,
    EnrollmentMode,
    InstructorApplication,
    Lesson,
    LessonDocument,
    Module,
    Task,
    TaskKind,
)


class CourseFactory(factory.django.DjangoModelFactory):
    """A published course by default. Pass `instructors=[user, ...]` to set who teaches it
    (the factory only sets the relation; use `course_instructors_set` when object
    permissions matter)."""

    class Meta:
        model = Course
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Course {n}")
    slug = factory.Sequence(lambda n: f"course-{n}")
    summary = factory.LazyAttribute(lambda course: f"Summary of {course.title}")
    description = "<p>What you will learn.</p>"
    domain = "Web development"
    level = CourseLevel.BEGINNER
    language = "en"
    price = Decimal("0")
    currency = "INR"
    enrollment_mode = EnrollmentMode.FREE
    status = CourseStatus.PUBLISHED
    published_at = factory.LazyAttribute(
        lambda course: timezone.now() if course.status == CourseStatus.PUBLISHED else None
    )

    @factory.post_generation
    def instructors(course, create, extracted, **kwargs):
        if create and extracted:
            course.instructors.set(extracted)

    class Params:
        draft = factory.Trait(status=CourseStatus.DRAFT)
        paid = factory.Trait(enrollment_mode=EnrollmentMode.PAID, price=Decimal("4999.00"))
        coupon_only = factory.Trait(
            enrollment_mode=EnrollmentMode.COUPON_ONLY, price=Decimal("4999.00")
        )


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Module

    course = factory.SubFactory(CourseFactory)
    title = factory.Sequence(lambda n: f"Module {n}")
    position = factory.Sequence(lambda n: n + 1)
    free_order = False


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson

    module = factory.SubFactory(ModuleFactory)
    title = factory.Sequence(lambda n: f"Lesson {n}")
    position = factory.Sequence(lambda n: n + 1)
    body = factory.Sequence(lambda n: f"<p>Secret lesson body {n}</p>")
    estimated_minutes = 10


class LessonDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LessonDocument

    lesson = factory.SubFactory(LessonFactory)
    title = factory.Sequence(lambda n: f"Handout {n}")
    file = factory.django.FileField(filename="handout.txt", data=b"Handout text")
    position = factory.Sequence(lambda n: n + 1)


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    lesson = factory.SubFactory(LessonFactory)
    title = factory.Sequence(lambda n: f"Task {n}")
    position = factory.Sequence(lambda n: n + 1)
    kind = TaskKind.READ


class InstructorApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InstructorApplication

    user = factory.SubFactory("lms.accounts.tests.factories.StudentFactory")
    expertise = "Python"
    motivation = "I have taught Python for five years."


def build_course(
    *, modules: int = 3, lessons_per_module: int = 2, tasks_per_lesson: int = 2, **course_fields
) -> Course:
    """A course with a full roadmap; positions run 1..n at each level."""
    course = CourseFactory(**course_fields)
    for module_position in range(1, modules + 1):
        module = ModuleFactory(
            course=course, position=module_position, title=f"Module {module_position}"
        )
        for lesson_position in range(1, lessons_per_module + 1):
            lesson = LessonFactory(
                module=module,
                position=lesson_position,
                title=f"Lesson {module_position}.{lesson_position}",
            )
            for task_position in range(1, tasks_per_lesson + 1):
                TaskFactory(
                    lesson=lesson,
                    position=task_position,
                    title=f"Task {module_position}.{lesson_position}.{task_position}",
                )
    return course
