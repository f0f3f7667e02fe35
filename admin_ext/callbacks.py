"""Callbacks named in the UNFOLD setting. They only read, through selectors."""

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from admin_ext.dashboard import dashboard_cards


def is_admin(request: HttpRequest) -> bool:
    return bool(request.user.is_authenticated and request.user.is_superuser)


def environment_callback(request: HttpRequest):
    if settings.DEBUG:
        return [_("Development"), "warning"]
    return None


def dashboard_callback(request: HttpRequest, context: dict) -> dict:
    context["cards"] = dashboard_cards()
    return context
