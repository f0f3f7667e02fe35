from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudentPwaConfig(AppConfig):
    name = "student_pwa"
    verbose_name = _("Student app")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_out

        from student_pwa.middleware import mark_signed_out

        user_logged_out.connect(mark_signed_out, dispatch_uid="student_pwa.clear_site_data")
