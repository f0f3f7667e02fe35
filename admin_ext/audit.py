"""The audit log in the console: admins read, filter, search and export it; nobody, a
superuser included, adds, changes or deletes an entry here (the services write it)."""

import json

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources
from import_export.admin import ExportMixin
from unfold.admin import ModelAdmin
from unfold.contrib.filters.admin import RangeDateFilter
from unfold.contrib.import_export.forms import ExportForm
from unfold.decorators import display

from admin_ext.base import ConsoleAdminMixin
from admin_ext.callbacks import ADMINS_ONLY
from lms.accounts.permissions import is_admin
from lms.audit.models import AuditEntry


class AuditEntryResource(resources.ModelResource):
    target_type = fields.Field(column_name="target_type")
    changes = fields.Field(column_name="changes")

    class Meta:
        model = AuditEntry
        fields = [
            "created_at",
            "actor",
            "actor_label",
            "action",
            "target_type",
            "target_id",
            "target_label",
            "changes",
            "client_address",
        ]
        export_order = fields

    def get_queryset(self):
        return AuditEntry.objects.select_related("target_type")

    def dehydrate_target_type(self, entry: AuditEntry) -> str:
        return entry.target_type.model if entry.target_type else ""

    def dehydrate_changes(self, entry: AuditEntry) -> str:
        return json.dumps(entry.changes, ensure_ascii=False, sort_keys=True)


class ActorFilter(admin.SimpleListFilter):
    """The people who appear in the log (a handful of staff), not every account."""

    title = _("actor")
    parameter_name = "actor"

    def lookups(self, request, model_admin):
        actors = (
            AuditEntry.objects.exclude(actor=None)
            .order_by("actor_label")
            .values_list("actor_id", "actor_label")
            .distinct()
        )
        return [("none", _("System")), *((str(pk), label) for pk, label in actors)]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(actor=None)
        if self.value() and self.value().isdigit():
            return queryset.filter(actor_id=int(self.value()))
        return queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(ConsoleAdminMixin, ExportMixin, ModelAdmin):
    resource_classes = [AuditEntryResource]
    export_form_class = ExportForm
    list_display = ["created_at", "actor_label", "action", "target_display", "client_address"]
    list_filter = [
        "action",
        ActorFilter,
        ("target_type", admin.RelatedOnlyFieldListFilter),
        ("created_at", RangeDateFilter),
    ]
    list_filter_submit = True
    search_fields = ["action", "actor_label", "target_label", "=target_id"]
    list_per_page = 50
    show_full_result_count = False  # a count of a long log on every page costs more than it says
    fields = [
        "created_at",
        "actor",
        "actor_label",
        "action",
        "target_type",
        "target_id",
        "target_label",
        "changes_display",
        "client_address",
    ]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("target_type", "actor")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_admin(request.user)

    # Never editable, whoever asks (a superuser too): the log is written by services only.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @display(description=_("Target"))
    def target_display(self, entry: AuditEntry) -> str:
        kind = entry.target_type.name if entry.target_type else ""
        return f"{kind}: {entry.target_label}" if kind else entry.target_label

    @display(description=_("Changes"))
    def changes_display(self, entry: AuditEntry) -> str:
        text = json.dumps(entry.changes, ensure_ascii=False, indent=2, sort_keys=True)
        return format_html("<pre class='whitespace-pre-wrap'>{}</pre>", text)


SIDEBAR = [
    {
        "order": 95,
        "title": _("Audit"),
        "collapsible": True,
        "items": [
            {
                "title": _("Audit log"),
                "icon": "policy",
                "link": reverse_lazy("admin:audit_auditentry_changelist"),
                "permission": ADMINS_ONLY,
            },
        ],
    },
]
