from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "lms.learning"
    label = "learning"
    verbose_name = _("Learning")

    def ready(self) -> None:
        # Declares this context's domain events, so the registry lists them all.
        from lms.learning import events  # noqa: F401
