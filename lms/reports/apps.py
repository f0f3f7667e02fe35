from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Console reports across contexts (progress, completion, attendance, performance) and
    their exports; read-only over the contexts below it, plus its own export jobs."""

    name = "lms.reports"
    label = "reports"
    verbose_name = _("Reports")
