"""Factories of the gamification context."""

import factory

from lms.accounts.tests.factories import StudentFactory
from lms.gamification.models import Badge, BadgeCriterion, PointsEntry, SourceKind
from lms.gamification.services.ledger import ledger_add


class PointsEntryFactory(factory.django.DjangoModelFactory):
    """A manual row (no source object): the simplest ledger row for board tests. Written
    through `ledger_add`, the ledger's one writer, so the running totals follow."""

    class Meta:
        model = PointsEntry

    user = factory.SubFactory(StudentFactory)
    source_kind = SourceKind.MANUAL
    points = 10
    reason = "Test"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return ledger_add([model_class(*args, **kwargs)])[0]


class BadgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Badge

    name = factory.Sequence(lambda n: f"Badge {n}")
    criterion = BadgeCriterion.POINTS
    threshold = 100
