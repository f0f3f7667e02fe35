from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "lms.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        # Declares this context's domain events, so the registry lists them all.
        from lms.meetings import events  # noqa: F401
