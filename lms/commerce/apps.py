from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommerceConfig(AppConfig):
    name = "lms.commerce"
    label = "commerce"
    verbose_name = _("Sales")

    def ready(self) -> None:
        # Declares this context's domain events, so the registry lists them all.
        from lms.catalog.services.publishing import payments_check_register
        from lms.commerce import events  # noqa: F401
        from lms.commerce.gateways import available_gateways

        # The catalog's publishing rule asks whether a paid course can be paid for.
        payments_check_register(lambda: bool(available_gateways()))
