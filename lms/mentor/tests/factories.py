"""Factories and set-ups of the mentor's tests."""

import factory

from lms.accounts.tests.factories import StudentFactory
from lms.catalog.tests.factories import build_course
from lms.learning.tests.factories import EnrollmentFactory, lessons_in_order
from lms.mentor.models import Conversation
from lms.mentor.search import lesson_index


class ConversationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conversation

    user = factory.SubFactory(StudentFactory)
    title = factory.Sequence(lambda n: f"Conversation {n}")


def course_with_texts(*bodies: str, **course_fields):
    """A course of one module whose lessons (taken in order) hold `bodies`, indexed."""
    course = build_course(
        modules=1, lessons_per_module=len(bodies), tasks_per_lesson=1, **course_fields
    )
    lessons = lessons_in_order(course)
    for lesson, body in zip(lessons, bodies, strict=True):
        lesson.body = body
        lesson.save(update_fields=["body"])
        lesson_index(lesson_id=lesson.pk)
    return course, lessons


def enrolled(user, course):
    return EnrollmentFactory(user=user, course=course)
