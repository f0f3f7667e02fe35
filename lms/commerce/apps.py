from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommerceConfig(AppConfig):
    name = "lms.commerce"
    label = "commerce"
    verbose_name = _("Sales")

    def ready(self) -> None:
        # Declares this context's domain events, so the registry lists them all.
        from lms.commerce import events  # noqa: F401
