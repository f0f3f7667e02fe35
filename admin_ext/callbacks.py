"""Callbacks named in the UNFOLD setting. They only read, through selectors."""

from functools import cache
from importlib import import_module

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from admin_ext.dashboard import dashboard_context
from lms.accounts import permissions

# The console's module per context (admin_ext/<name>.py, or a package of one module per
# page): importing one registers its ModelAdmins, and its SIDEBAR list declares its sidebar
# groups. A new context adds its module here, and nowhere else.
CONSOLE_MODULES = [
    "core",
    "catalog",
    "commerce",
    "accounts",
    "learning",
    "assignments",
    "assessments",
    "meetings",
    "chat",
    "community",
    "mentor",
    "audit",
    "gamification",
    "certificates",
    "reports",
]

# A sidebar item's "permission" for pages only admins use, and for pages of course authors
# (admins and instructors).
ADMINS_ONLY = "admin_ext.callbacks.is_admin"
AUTHORS = "admin_ext.callbacks.can_author"


def is_admin(request: HttpRequest) -> bool:
    return permissions.is_admin(request.user)


def can_author(request: HttpRequest) -> bool:
    """Admins and instructors work on courses (and their assessments and assignments)."""
    return permissions.is_author(request.user)


def sidebar_navigation(request: HttpRequest) -> list[dict]:
    """UNFOLD["SIDEBAR"]["navigation"]: every console module's SIDEBAR groups, ordered by
    their "order" (unfold copies the list per request and applies each item's permission)."""
    return _sidebar_groups()


@cache
def _sidebar_groups() -> list[dict]:
    groups = [
        group
        for name in CONSOLE_MODULES
        for group in getattr(import_module(f"admin_ext.{name}"), "SIDEBAR", [])
    ]
    return [
        {key: value for key, value in group.items() if key != "order"}
        for group in sorted(groups, key=lambda group: group["order"])
    ]


def environment_callback(request: HttpRequest):
    if settings.DEBUG:
        return [_("Development"), "warning"]
    return None


def dashboard_callback(request: HttpRequest, context: dict) -> dict:
    context.update(dashboard_context(request.user))
    return context
