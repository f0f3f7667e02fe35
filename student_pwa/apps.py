from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudentPwaConfig(AppConfig):
    name = "student_pwa"
    verbose_name = _("Student app")
