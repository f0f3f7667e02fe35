"""Site-wide content admins edit: the public home page's words."""

from django.contrib import admin
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from admin_ext.base import ConsoleModelAdmin, once_per_request
from admin_ext.callbacks import ADMINS_ONLY
from lms.accounts.permissions import is_admin
from lms.core import services
from lms.core.models import SiteContent


@admin.register(SiteContent)
class SiteContentAdmin(ConsoleModelAdmin, TranslationAdmin):
    list_display = ["headline", "updated_at"]
    fieldsets = [
        (_("English"), {"fields": ["headline_en", "introduction_en"], "classes": ["tab"]}),
        (_("Hindi"), {"fields": ["headline_hi", "introduction_hi"], "classes": ["tab"]}),
    ]

    def has_add_permission(self, request) -> bool:
        return is_admin(request.user) and not once_per_request(
            request, "site_content_exists", SiteContent.objects.exists
        )

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_module_permission(self, request) -> bool:
        return is_admin(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_admin(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return is_admin(request.user)

    def save_model(self, request, obj, form, change):
        services.site_content_save(content=obj)


# This context's entries in the console sidebar (collected by admin_ext.callbacks).
SIDEBAR = [
    {
        "order": 10,
        "title": _("Overview"),
        "items": [
            {
                "title": _("Dashboard"),
                "icon": "dashboard",
                "link": reverse_lazy("admin:index"),
            },
            {
                "title": _("Home page text"),
                "icon": "home",
                "link": reverse_lazy("admin:core_sitecontent_changelist"),
                "permission": ADMINS_ONLY,
            },
        ],
    },
]
