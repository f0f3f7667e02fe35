from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """The student's dashboard, composed from every context's selectors (no models of its
    own), and kept in the cache per person (cache.py)."""

    name = "lms.dashboard"
    label = "dashboard"
    verbose_name = _("Dashboard")

    def ready(self) -> None:
        # What others do to a person that their dashboard shows at once.
        from lms.dashboard import receivers  # noqa: F401
