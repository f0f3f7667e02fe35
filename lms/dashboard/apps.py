from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """The student's dashboard, composed from every context's selectors (no models of its
    own); an app so that its management command (bench_generate_activity) is found."""

    name = "lms.dashboard"
    label = "dashboard"
    verbose_name = _("Dashboard")
