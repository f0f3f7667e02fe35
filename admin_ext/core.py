"""Site-wide content admins edit: the public home page's words."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from admin_ext.base import ConsoleModelAdmin
from lms.core.models import SiteContent


@admin.register(SiteContent)
class SiteContentAdmin(ConsoleModelAdmin, TranslationAdmin):
    list_display = ["headline", "updated_at"]
    fieldsets = [
        (_("English"), {"fields": ["headline_en", "introduction_en"], "classes": ["tab"]}),
        (_("Hindi"), {"fields": ["headline_hi", "introduction_hi"], "classes": ["tab"]}),
    ]

    def has_add_permission(self, request) -> bool:
        return request.user.is_superuser and not SiteContent.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_module_permission(self, request) -> bool:
        return request.user.is_superuser
