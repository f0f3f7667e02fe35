import importlib

import pytest

from lms.gamification.models import LevelCurve, PointsRule

# The default rules are created by a data migration; a transactional test elsewhere in the
# suite flushes every table when it ends, so put them back before each test here.
DEFAULT_RULES = importlib.import_module(
    "lms.gamification.migrations.0002_default_rules"
).DEFAULT_RULES


@pytest.fixture(autouse=True)
def default_points_rules(request):
    if "django_db" not in {marker.name for marker in request.node.iter_markers()}:
        return
    request.getfixturevalue("_django_db_helper")
    for kind, points, streak_days in DEFAULT_RULES:
        PointsRule.objects.get_or_create(
            kind=kind, streak_days=streak_days, defaults={"points": points}
        )
    LevelCurve.objects.get_or_create(pk=1)
