from django.db import migrations

HEADLINE = {
    "en": "Learn with a clear roadmap",
    "hi": "स्पष्ट रोडमैप के साथ सीखें",
}
INTRODUCTION = {
    "en": "Browse the courses, enroll, and follow each course step by step, on your phone or computer.",
    "hi": "कोर्स देखें, नामांकन करें, और हर कोर्स को कदम-दर-कदम अपने फ़ोन या कंप्यूटर पर पूरा करें।",
}


def create_site_content(apps, schema_editor):
    SiteContent = apps.get_model("core", "SiteContent")
    if not SiteContent.objects.exists():
        SiteContent.objects.create(
            headline=HEADLINE["en"],
            headline_en=HEADLINE["en"],
            headline_hi=HEADLINE["hi"],
            introduction=INTRODUCTION["en"],
            introduction_en=INTRODUCTION["en"],
            introduction_hi=INTRODUCTION["hi"],
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(create_site_content, migrations.RunPython.noop)]
