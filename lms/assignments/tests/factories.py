"""Factories of the assignments context."""

import datetime as dt

import factory
from django.utils import timezone

from lms.accounts.tests.factories import StudentFactory
from lms.assignments.models import Assignment, DailyEntry, Submission
from lms.catalog.tests.factories import CourseFactory


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    course = factory.SubFactory(CourseFactory)
    title = factory.Sequence(lambda n: f"Assignment {n}")
    instructions = "<p>Build it.</p>"
    due_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))
    max_marks = 10
    pass_marks = 6


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    assignment = factory.SubFactory(AssignmentFactory)
    user = factory.SubFactory(StudentFactory)
    text = "My answer"
    submitted_at = factory.LazyFunction(timezone.now)


class DailyEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DailyEntry

    user = factory.SubFactory(StudentFactory)
    local_date = factory.LazyFunction(lambda: timezone.now().date())
    text = "Worked on it"
