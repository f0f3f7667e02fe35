"""Attempts: flagged ones first, with their proctoring timeline."""

from django.contrib import admin
from unfold.admin import ModelAdmin, TabularInline

from admin_ext.assessments.permissions import AuthorPermissions
from admin_ext.base import ConsoleAdminMixin
from admin_ext.callbacks import can_author
from lms.accounts.permissions import is_admin
from lms.assessments.models import Attempt, ProctorEvent
from lms.catalog.selectors import courses_editable_by


class ProctorEventInline(TabularInline):
    model = ProctorEvent
    fields = ["received_at", "occurred_at", "kind"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["received_at", "pk"]

    def has_view_permission(self, request, obj=None):
        return can_author(request)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Attempt)
class AttemptAdmin(ConsoleAdminMixin, AuthorPermissions, ModelAdmin):
    list_display = [
        "__str__",
        "status",
        "percent",
        "passed",
        "flagged",
        "violation_count",
        "started_at",
    ]
    list_filter = ["flagged", "status", "passed", "assessment"]
    list_select_related = ["assessment", "user"]
    search_fields = ["user__email", "assessment__title"]
    inlines = [ProctorEventInline]
    readonly_fields = [
        "assessment",
        "user",
        "number",
        "status",
        "started_at",
        "deadline",
        "submitted_at",
        "auto_submitted",
        "score",
        "max_score",
        "percent",
        "passed",
        "flagged",
        "violation_count",
    ]
    fields = readonly_fields

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if is_admin(request.user):
            return queryset
        return queryset.filter(assessment__course__in=courses_editable_by(request.user))

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # Read only: a grade changes through regrading, never by hand.
        return False

    def has_view_permission(self, request, obj=None):
        return AuthorPermissions.has_change_permission(self, request, obj)

    def has_delete_permission(self, request, obj=None):
        return False
