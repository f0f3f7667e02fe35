"""Fill the running totals from the ledger rows written before they existed (reversible: going
back empties the table, which the previous migration then drops)."""

from django.db import migrations


def backfill(apps, schema_editor):
    from lms.gamification.services.ledger import points_totals_rebuild

    points_totals_rebuild(
        entry_model=apps.get_model("gamification", "PointsEntry"),
        total_model=apps.get_model("gamification", "PointsTotal"),
    )


def empty(apps, schema_editor):
    apps.get_model("gamification", "PointsTotal").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("gamification", "0003_points_totals")]

    operations = [migrations.RunPython(backfill, empty)]
