"""Derive every running points total from the ledger again (`points_totals_rebuild`): after
a change of `LMS_ACADEMY_TIMEZONE` (week and month totals are kept by local start date), or
to repair totals after rows were written around `ledger_add`. One transaction: boards read
the old totals until it commits."""

import time

from django.core.management.base import BaseCommand

from lms.gamification.services.ledger import points_totals_rebuild


class Command(BaseCommand):
    help = "Rebuild the running points totals from the points ledger."

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        count = points_totals_rebuild()
        self.stdout.write(f"{count:,} totals rebuilt in {time.monotonic() - started:.1f} s")
