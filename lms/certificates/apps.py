from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "lms.certificates"
    label = "certificates"
    verbose_name = _("Certificates")

    def ready(self) -> None:
        from lms.certificates import receivers  # noqa: F401
