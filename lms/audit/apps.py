from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """Who changed what and when. It sits just above lms.core and below every other context,
    so that any service can write its entry inside its own transaction."""

    name = "lms.audit"
    label = "audit"
    verbose_name = _("Audit log")
