"""Rows that data migrations create (the default points rules and level curve, the default
certificate template). A transactional test (live server, daphne, races) ends by flushing
every table, which removes them for the tests after it; these put them back."""

import importlib

from django.apps import apps

SEEDING_MIGRATIONS = (
    "lms.gamification.migrations.0002_default_rules",
    "lms.certificates.migrations.0002_default_template",
)


def migration_rows_seed() -> None:
    """Create what the seeding migrations create, where it is missing (each is idempotent)."""
    for name in SEEDING_MIGRATIONS:
        importlib.import_module(name).create(apps, None)
