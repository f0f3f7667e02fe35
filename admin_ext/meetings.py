"""Admin console pages of the meetings context: meetings (one, or the first of a weekly
series), attendance per meeting with override and bulk mark, the attendance export (CSV,
streamed) and mock-interview feedback. Admins only: instructors hold no model permissions
here (default deny). Writes go through lms.meetings.services."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from unfold.admin import TabularInline
from unfold.decorators import display
from unfold.widgets import UnfoldAdminSplitDateTimeWidget

from admin_ext.base import ConsoleModelAdmin
from admin_ext.callbacks import ADMINS_ONLY
from lms.accounts.models import Cohort, User
from lms.catalog.models import Course
from lms.core.errors import ApplicationError
from lms.meetings import selectors, services
from lms.meetings.export import (
    attendance_csv_response,
    attendance_xlsx_response,
    filters_from_query,
)
from lms.meetings.models import (
    AttendanceStatus,
    FeedbackCriterion,
    FeedbackRating,
    InterviewFeedback,
    Meeting,
    MeetingKind,
)


class MeetingForm(forms.ModelForm):
    join_url = forms.URLField(label=_("Join link"), max_length=500, assume_scheme="https")
    repeat_weekly_until = forms.SplitDateTimeField(
        required=False,
        widget=UnfoldAdminSplitDateTimeWidget,
        label=_("Repeat weekly until"),
        help_text=_(
            "Leave empty for a single meeting. Occurrences can then be moved or "
            "cancelled one by one."
        ),
    )

    class Meta:
        model = Meeting
        fields = [
            "kind",
            "title",
            "agenda",
            "starts_at",
            "ends_at",
            "join_url",
            "courses",
            "cohorts",
            "users",
            "interviewer",
            "cancelled_at",
        ]


@admin.register(Meeting)
class MeetingAdmin(ConsoleModelAdmin):
    form = MeetingForm
    list_display = [
        "title",
        "kind",
        "starts_at",
        "ends_at",
        "series",
        "cancelled_at",
        "attendance_link",
    ]
    list_filter = ["kind", "starts_at"]
    search_fields = ["title"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["courses", "cohorts", "users", "interviewer"]
    ordering = ["-starts_at"]

    def get_fields(self, request, obj=None):
        fields = list(MeetingForm.Meta.fields)
        return fields + ["repeat_weekly_until"] if obj is None else fields

    def get_readonly_fields(self, request, obj=None):
        return ["attendance_link"] if obj is not None else []

    def save_model(self, request, obj: Meeting, form, change) -> None:
        data = form.cleaned_data
        if change:
            super().save_model(request, obj, form, change)
            if {"starts_at", "ends_at"} & set(form.changed_data):
                services.meeting_move(meeting=obj, starts_at=obj.starts_at, ends_at=obj.ends_at)
            return
        meeting = services.meeting_create(
            kind=data["kind"],
            title=data["title"],
            agenda=data["agenda"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            join_url=data["join_url"],
            courses=data["courses"],
            cohorts=data["cohorts"],
            users=data["users"],
            interviewer=data["interviewer"],
            repeat_weekly_until=data.get("repeat_weekly_until"),
        )
        obj.pk, obj.series_id = meeting.pk, meeting.series_id
        obj._state.adding = False

    def get_urls(self):
        return [
            self.console_path(
                "<path:object_id>/attendance/",
                self.attendance_view,
                "meetings_meeting_attendance",
                permission="change",
            ),
            self.console_path(
                "attendance-export/",
                self.export_view,
                "meetings_meeting_export",
                permission="view",
            ),
            *super().get_urls(),
        ]

    def attendance_view(self, request: HttpRequest, object_id: str):
        """Everyone invited, with present/late/absent/excused, who marked it and when; a
        POST sets the chosen status for the ticked people."""
        meeting = get_object_or_404(Meeting, pk=object_id)
        if request.method == "POST":
            ids = [int(v) for v in request.POST.getlist("people") if v.isdigit()]
            try:
                count = services.attendance_mark(
                    meeting=meeting,
                    users=User.objects.filter(pk__in=ids),
                    status=request.POST.get("status", ""),
                    by=request.user,
                )
            except ApplicationError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(request, _("Attendance saved for %d people.") % count)
            return HttpResponseRedirect(request.path)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Attendance: %s") % meeting,
            "opts": self.model._meta,
            "original": meeting,
            "meeting": meeting,
            "lines": selectors.meeting_attendance(meeting=meeting),
            "statuses": AttendanceStatus.choices,
        }
        return TemplateResponse(request, "admin_ext/meetings/attendance.html", context)

    def export_view(self, request: HttpRequest):
        """The filters form; with `download=csv` the streamed file, `download=xlsx` a workbook
        (capped at LMS_ATTENDANCE_XLSX_MAX_ROWS rows)."""
        error = None
        download = request.GET.get("download")
        if download in ("csv", "xlsx"):
            try:
                filters = filters_from_query(request.GET)
                if download == "xlsx":
                    return attendance_xlsx_response(filters)
                return attendance_csv_response(request, filters)
            except ApplicationError as problem:
                error = problem
        context = {
            **self.admin_site.each_context(request),
            "title": _("Export attendance"),
            "opts": self.model._meta,
            "courses": Course.objects.order_by("title_en").only("pk", "title_en"),
            "groups": Cohort.objects.all(),
            "kinds": MeetingKind.choices,
            "error": error,
            "xlsx_max_rows": settings.LMS_ATTENDANCE_XLSX_MAX_ROWS,
            "query": request.GET,
        }
        return TemplateResponse(request, "admin_ext/meetings/export.html", context)

    @display(description=_("Attendance"))
    def attendance_link(self, obj: Meeting) -> str:
        url = reverse("admin:meetings_meeting_attendance", args=[obj.pk])
        return format_html('<a class="text-primary-600" href="{}">{}</a>', url, _("Open"))


@admin.register(FeedbackCriterion)
class FeedbackCriterionAdmin(ConsoleModelAdmin):
    list_display = ["name", "position", "active"]
    list_editable = ["position", "active"]
    search_fields = ["name"]


class FeedbackRatingInline(TabularInline):
    model = FeedbackRating
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "criterion":  # the service rates active criteria only
            kwargs["queryset"] = FeedbackCriterion.objects.filter(active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(InterviewFeedback)
class InterviewFeedbackAdmin(ConsoleModelAdmin):
    list_display = ["meeting", "student", "author", "updated_at"]
    list_select_related = ["meeting", "student", "author"]
    autocomplete_fields = ["meeting", "student"]
    fields = ["meeting", "student", "comments"]
    inlines = [FeedbackRatingInline]
    search_fields = ["meeting__title", "student__email"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("meeting", "student", "author")

    def get_readonly_fields(self, request, obj=None):
        # Feedback belongs to one interview and one student; another pair is new feedback.
        return ["meeting", "student"] if obj is not None else []

    def save_model(self, request, obj: InterviewFeedback, form, change) -> None:
        """Stored with its ratings by `interview_feedback_save` (save_related), which holds
        the rules: mock interviews only, the interviewer or an admin, an invited student,
        active criteria rated 1 to 5."""

    def save_related(self, request, form, formsets, change) -> None:
        feedback = form.instance
        ratings: dict[int, int] = {}
        for formset in formsets:
            formset.save(commit=False)  # only fills the lists the change message reads
            deleted = set(formset.deleted_forms)
            for row in formset.forms:
                data = getattr(row, "cleaned_data", None) or {}
                if row in deleted or not data.get("criterion") or data.get("score") is None:
                    continue
                ratings[data["criterion"].pk] = data["score"]
        stored = services.interview_feedback_save(
            meeting=feedback.meeting,
            student=feedback.student,
            by=request.user,
            ratings=ratings,
            comments=form.cleaned_data.get("comments", feedback.comments),
        )
        # The admin logs and redirects to the object it gave us: make it the stored one.
        feedback.pk, feedback.author, feedback._state.adding = stored.pk, stored.author, False


# This context's entries in the console sidebar (collected by admin_ext.callbacks).
SIDEBAR = [
    {
        "order": 55,
        "title": _("Meetings"),
        "collapsible": True,
        "items": [
            {
                "title": _("Meetings"),
                "icon": "event",
                "link": reverse_lazy("admin:meetings_meeting_changelist"),
                "permission": ADMINS_ONLY,
            },
            {
                "title": _("Attendance export"),
                "icon": "download",
                "link": reverse_lazy("admin:meetings_meeting_export"),
                "permission": ADMINS_ONLY,
            },
            {
                "title": _("Interview feedback"),
                "icon": "rate_review",
                "link": reverse_lazy("admin:meetings_interviewfeedback_changelist"),
                "permission": ADMINS_ONLY,
            },
            {
                "title": _("Interview criteria"),
                "icon": "checklist",
                "link": reverse_lazy("admin:meetings_feedbackcriterion_changelist"),
                "permission": ADMINS_ONLY,
            },
        ],
    },
]
