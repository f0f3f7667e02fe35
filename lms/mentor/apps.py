from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentorConfig(AppConfig):
    name = "lms.mentor"
    label = "mentor"
    verbose_name = _("AI mentor")

    def ready(self) -> None:
        from lms.mentor import receivers  # noqa: F401
