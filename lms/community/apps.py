from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "lms.community"
    label = "community"
    verbose_name = _("Community")

    def ready(self) -> None:
        # Declares this context's domain events, so the registry lists them all.
        from lms.community import events  # noqa: F401
