from django.db import migrations


def create(apps, schema_editor):
    from lms.certificates.rendering import DEFAULT_TEMPLATE_HTML

    CertificateTemplate = apps.get_model("certificates", "CertificateTemplate")
    if not CertificateTemplate.objects.exists():
        CertificateTemplate.objects.create(
            name="Certificate of completion", html=DEFAULT_TEMPLATE_HTML, is_default=True
        )


def remove(apps, schema_editor):
    apps.get_model("certificates", "CertificateTemplate").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("certificates", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
