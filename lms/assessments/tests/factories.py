"""Factories for the assessments context: a bank of questions and a course whose first
lesson ends with a quiz."""

from dataclasses import dataclass
from decimal import Decimal

import factory

from lms.assessments.models import (
    Assessment,
    AssessmentKind,
    Category,
    Option,
    Question,
    QuestionKind,
    ReviewPolicy,
)
from lms.catalog.models import Course, Lesson, Task
from lms.catalog.tests.factories import build_course
from lms.learning.tests.factories import EnrollmentFactory, lessons_in_order, tasks_of


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Category {n}")
    parent = None


class QuestionFactory(factory.django.DjangoModelFactory):
    """A single-choice question whose first option ("Right") is worth the mark and the
    others ("Wrong 1", "Wrong 2") nothing, unless `fractions=[...]` says otherwise."""

    class Meta:
        model = Question
        skip_postgeneration_save = True

    category = factory.SubFactory(CategoryFactory)
    title = factory.Sequence(lambda n: f"Question {n}")
    kind = QuestionKind.SINGLE
    text = factory.Sequence(lambda n: f"<p>What is {n} + 1?</p>")
    explanation = "<p>Count on one.</p>"

    @factory.post_generation
    def fractions(question, create, extracted, **kwargs):
        if not create:
            return
        values = extracted or ["1", "0", "0"]
        for position, value in enumerate(values, start=1):
            label = "Right" if Decimal(value) > 0 else "Wrong"
            Option.objects.create(
                question=question,
                text=f"{label} {position}",
                fraction=Decimal(value),
                position=position,
                feedback=f"Feedback {position}",
            )


def bank_fill(*, category: Category, count: int, difficulty: int = 2) -> list[int]:
    """`count` single-choice questions (4 options, the first right) in a few bulk queries."""
    questions = Question.objects.bulk_create(
        Question(
            category=category,
            title=f"{category.name} {index}",
            kind=QuestionKind.SINGLE,
            text=f"<p>{category.name} question {index}</p>",
            difficulty=difficulty,
        )
        for index in range(count)
    )
    Option.objects.bulk_create(
        Option(question=question, text=f"Option {position}", fraction=fraction, position=position)
        for question in questions
        for position, fraction in enumerate(["1", "0", "0", "0"], start=1)
    )
    return [question.pk for question in questions]


def right_option(question_id: int) -> int:
    return Option.objects.filter(question_id=question_id, fraction__gt=0).values_list(
        "pk", flat=True
    )[0]


def wrong_option(question_id: int) -> int:
    return Option.objects.filter(question_id=question_id, fraction__lte=0).values_list(
        "pk", flat=True
    )[0]


@dataclass
class QuizCourse:
    course: Course
    first: Lesson
    second: Lesson
    reading: Task
    quiz: Task
    assessment: Assessment


def quiz_course(*, student=None, questions: int = 4, **settings) -> QuizCourse:
    """Lesson 1 = a reading then a quiz; lesson 2 opens once the quiz is passed. The
    assessment asks `questions` fixed questions (pass mark 50 %, review after submit)."""
    course = build_course(modules=1, lessons_per_module=2, tasks_per_lesson=2)
    first, second = lessons_in_order(course)
    reading, quiz = tasks_of(first)
    kind = settings.pop("kind", AssessmentKind.QUIZ)
    Task.objects.filter(pk=quiz.pk).update(kind=kind, title="Check your understanding")
    quiz.refresh_from_db()
    if student is not None:
        EnrollmentFactory(user=student, course=course)
    defaults = {
        "title": "Lesson 1 quiz",
        "pass_mark_percent": Decimal("50"),
        "review_policy": ReviewPolicy.AFTER_SUBMIT,
        "attempts_allowed": 3,
        "shuffle_questions": False,
        "shuffle_options": False,
    }
    assessment = Assessment.objects.create(
        course=course, task=quiz, kind=kind, **{**defaults, **settings}
    )
    category = CategoryFactory()
    for question in QuestionFactory.create_batch(questions, category=category):
        assessment.fixed_questions.create(question=question, position=question.pk)
    return QuizCourse(course, first, second, reading, quiz, assessment)
