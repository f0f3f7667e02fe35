"""Daily work entries, by date and student."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from unfold.contrib.filters.admin import RelatedDropdownFilter
from unfold.decorators import display

from admin_ext.assignments.permissions import PermissionByObject
from admin_ext.base import ConsoleModelAdmin
from lms.accounts.permissions import is_admin, is_author
from lms.assignments import selectors
from lms.assignments.models import (
    DailyEntry,
)


@admin.register(DailyEntry)
class DailyEntryAdmin(PermissionByObject, ConsoleModelAdmin):
    list_display = ["local_date", "user", "excerpt", "has_file"]
    list_filter = [("user", RelatedDropdownFilter)]
    list_filter_submit = True
    search_fields = ["user__email", "user__full_name"]
    date_hierarchy = "local_date"
    ordering = ["-local_date", "user__full_name"]
    fields = ["user", "local_date", "text", "file", "created_at", "updated_at"]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request).select_related("user")
        if is_admin(request.user):
            return queryset
        if is_author(request.user):
            return queryset.filter(user__enrollments__course__instructors=request.user).distinct()
        return queryset.none()

    def has_module_permission(self, request) -> bool:
        return is_author(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        if obj is None:
            return is_author(request.user)
        return selectors.daily_entry_staff_can_view(user=request.user, entry=obj)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @display(description=_("What they did"))
    def excerpt(self, obj: DailyEntry) -> str:
        return obj.text[:120]

    @display(description=_("File"), boolean=True)
    def has_file(self, obj: DailyEntry) -> bool:
        return bool(obj.file)
