"""Console of the AI mentor: its settings (the API key is write-only), usage per person and
day, conversations only when the academy's privacy setting allows, and the staff's study
jobs (with progress) and drafted lesson summaries. The lesson page's "Summarize" and
"Draft questions" actions are in admin_ext/catalog/lessons.py."""

from django import forms
from django.contrib import admin
from django.urls import reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from unfold.admin import TabularInline
from unfold.decorators import display
from unfold.widgets import UnfoldAdminPasswordWidget, UnfoldBooleanWidget

from admin_ext.base import ConsoleModelAdmin, once_per_request
from admin_ext.callbacks import ADMINS_ONLY, AUTHORS
from lms.accounts.permissions import is_admin, is_author
from lms.catalog.selectors import courses_editable_by
from lms.mentor import selectors, services
from lms.mentor.models import (
    Conversation,
    DailyUsage,
    LessonSummary,
    MentorSettings,
    Message,
    StudyJob,
)

SETTINGS_FIELDS = [
    "base_url",
    "model",
    "provider_name",
    "timeout_seconds",
    "daily_messages_per_person",
    "daily_tokens_per_person",
    "staff_may_read_conversations",
]


class MentorSettingsForm(forms.ModelForm):
    new_api_key = forms.CharField(
        label=_("API key"),
        required=False,
        strip=True,
        widget=UnfoldAdminPasswordWidget(render_value=False),
        help_text=_("Write-only: a saved key is never shown again. Leave empty to keep it."),
    )
    clear_api_key = forms.BooleanField(
        label=_("Remove the saved key"), required=False, widget=UnfoldBooleanWidget
    )

    class Meta:
        model = MentorSettings
        fields = SETTINGS_FIELDS


@admin.register(MentorSettings)
class MentorSettingsAdmin(ConsoleModelAdmin):
    form = MentorSettingsForm
    list_display = ["__str__", "base_url", "model", "key_status", "updated_at"]
    readonly_fields = ["key_status"]
    fieldsets = [
        (_("Provider"), {"fields": ["base_url", "model", "provider_name", "timeout_seconds"]}),
        (_("API key"), {"fields": ["key_status", "new_api_key", "clear_api_key"]}),
        (_("Limits and privacy"), {"fields": SETTINGS_FIELDS[4:]}),
    ]

    def has_add_permission(self, request):  # one row
        return super().has_add_permission(request) and not once_per_request(
            request, "mentor_settings_exist", MentorSettings.objects.exists
        )

    def has_delete_permission(self, request, obj=None):
        return False

    @display(description=_("API key"))
    def key_status(self, obj: MentorSettings) -> str:
        return str(_("A key is saved.") if obj.api_key else _("No key saved."))

    def save_model(self, request, obj, form, change):
        row = services.mentor_settings_update(
            new_api_key=form.cleaned_data.get("new_api_key", ""),
            clear_api_key=form.cleaned_data.get("clear_api_key", False),
            **{name: form.cleaned_data[name] for name in SETTINGS_FIELDS},
        )
        obj.pk = row.pk


@admin.register(DailyUsage)
class DailyUsageAdmin(ConsoleModelAdmin):
    """Usage only: who asked how much on which day, never what they asked."""

    list_display = ["day", "user", "messages", "tokens"]
    list_filter = ["day"]
    date_hierarchy = "day"
    search_fields = ["user__email"]
    list_select_related = ["user"]
    readonly_fields = ["day", "user", "messages", "tokens"]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "title": _("Mentor usage")}
        extra_context["subtitle"] = ", ".join(
            f"{row['day']:%d %b}: {row['messages']} / {row['tokens']}"
            for row in selectors.usage_totals(days=7)
        )
        return super().changelist_view(request, extra_context)


class MessageInline(TabularInline):
    model = Message
    fields = ["role", "text", "provider", "tokens", "error", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Conversation)
class ConversationAdmin(ConsoleModelAdmin):
    """Shown only to admins, and only when the academy's privacy setting allows it."""

    list_display = ["__str__", "user", "updated_at"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    readonly_fields = ["user", "title", "created_at", "updated_at"]
    fields = readonly_fields
    inlines = [MessageInline]

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_view_permission(self, request, obj=None):
        return is_admin(request.user) and once_per_request(
            request, "mentor_conversations_visible", selectors.conversations_visible_to_staff
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CourseTeamMixin:
    """Admins and the instructors of the lesson's course."""

    def has_module_permission(self, request):
        return is_author(request.user)

    def has_view_permission(self, request, obj=None):
        return is_author(request.user)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(lesson__module__course__in=courses_editable_by(request.user))
            .select_related("lesson__module__course")
        )


@admin.register(StudyJob)
class StudyJobAdmin(CourseTeamMixin, ConsoleModelAdmin):
    list_display = ["lesson", "kind", "status", "progress_bar", "message", "created_at"]
    list_filter = ["kind", "status"]
    readonly_fields = ["lesson", "kind", "status", "progress", "message", "requested_by"]
    fields = readonly_fields

    @display(description=_("Progress"))
    def progress_bar(self, job: StudyJob) -> str:
        return format_html(
            '<progress max="100" value="{}" aria-label="{}">{} %</progress>',
            job.progress,
            _("Progress"),
            job.progress,
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LessonSummary)
class LessonSummaryAdmin(CourseTeamMixin, ConsoleModelAdmin):
    """Summaries the model drafted: read, edit, mark reviewed."""

    list_display = ["lesson", "reviewed", "generated_at"]
    list_filter = ["reviewed"]
    fields = ["lesson", "text", "reviewed", "generated_at"]
    readonly_fields = ["lesson", "generated_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return is_author(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_author(request.user)


SIDEBAR = [
    {
        "order": 70,
        "title": _("AI mentor"),
        "collapsible": True,
        "items": [
            {
                "title": _("Mentor settings"),
                "icon": "smart_toy",
                "link": reverse_lazy("admin:mentor_mentorsettings_changelist"),
                "permission": ADMINS_ONLY,
            },
            {
                "title": _("Mentor usage"),
                "icon": "query_stats",
                "link": reverse_lazy("admin:mentor_dailyusage_changelist"),
                "permission": ADMINS_ONLY,
            },
            {
                "title": _("Study jobs"),
                "icon": "pending_actions",
                "link": reverse_lazy("admin:mentor_studyjob_changelist"),
                "permission": AUTHORS,
            },
            {
                "title": _("Lesson summaries"),
                "icon": "summarize",
                "link": reverse_lazy("admin:mentor_lessonsummary_changelist"),
                "permission": AUTHORS,
            },
        ],
    },
]
