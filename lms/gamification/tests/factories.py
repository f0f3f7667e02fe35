"""Factories of the gamification context."""

import factory

from lms.accounts.tests.factories import StudentFactory
from lms.gamification.models import Badge, BadgeCriterion, PointsEntry, SourceKind


class PointsEntryFactory(factory.django.DjangoModelFactory):
    """A manual row (no source object): the simplest ledger row for board tests."""

    class Meta:
        model = PointsEntry

    user = factory.SubFactory(StudentFactory)
    source_kind = SourceKind.MANUAL
    points = 10
    reason = "Test"


class BadgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Badge

    name = factory.Sequence(lambda n: f"Badge {n}")
    criterion = BadgeCriterion.POINTS
    threshold = 100
