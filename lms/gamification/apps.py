from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GamificationConfig(AppConfig):
    name = "lms.gamification"
    label = "gamification"
    verbose_name = _("Points and badges")

    def ready(self) -> None:
        # The one place that lists what gamification reacts to.
        from lms.gamification import receivers  # noqa: F401
