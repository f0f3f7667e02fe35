from django.db import migrations

DEFAULT_RULES = [
    ("meeting_present", 10, 0),
    ("meeting_late", 5, 0),
    ("assignment_marks", 50, 0),
    ("quiz_score", 20, 0),
    ("exam_score", 50, 0),
    ("daily_work_day", 5, 0),
    ("daily_streak_bonus", 20, 7),
    ("daily_streak_bonus", 100, 30),
    ("lesson_completed", 10, 0),
    ("course_completed", 100, 0),
    ("forum_answer_accepted", 5, 0),
]


def create(apps, schema_editor):
    PointsRule = apps.get_model("gamification", "PointsRule")
    LevelCurve = apps.get_model("gamification", "LevelCurve")
    for kind, points, streak_days in DEFAULT_RULES:
        PointsRule.objects.get_or_create(
            kind=kind, streak_days=streak_days, defaults={"points": points}
        )
    LevelCurve.objects.get_or_create(pk=1)


def remove(apps, schema_editor):
    apps.get_model("gamification", "PointsRule").objects.all().delete()
    apps.get_model("gamification", "LevelCurve").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("gamification", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
