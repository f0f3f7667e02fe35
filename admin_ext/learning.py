"""Admin console pages of the learning context: enrollments (with revoke and reactivate, done
through the services so progress is always kept) and read-only views of task completions and
video positions. Admins only: instructors hold no model permissions here (default deny)."""

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from unfold.contrib.filters.admin import RelatedDropdownFilter
from unfold.decorators import action, display

from admin_ext.actions import confirm_first
from admin_ext.base import ConsoleModelAdmin
from admin_ext.callbacks import ADMINS_ONLY
from lms.core.errors import ApplicationError
from lms.learning import services
from lms.learning.models import (
    Enrollment,
    EnrollmentSource,
    EnrollmentStatus,
    LessonProgress,
    TaskCompletion,
)
from lms.learning.selectors import enrollment_get


class EnrollmentAddForm(forms.ModelForm):
    class Meta:
        model = Enrollment
        fields = ["user", "course", "source"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].initial = EnrollmentSource.ADMIN

    def clean(self):
        cleaned = super().clean()
        user, course = cleaned.get("user"), cleaned.get("course")
        existing = enrollment_get(user=user, course=course) if course else None
        if existing is not None and existing.status != EnrollmentStatus.REVOKED:
            raise forms.ValidationError(_("This person is already enrolled in this course."))
        return cleaned

    def validate_unique(self):
        # A revoked enrollment is reactivated by the service, not refused as a duplicate.
        pass


@admin.register(Enrollment)
class EnrollmentAdmin(ConsoleModelAdmin):
    list_display = ["user", "course", "source_label", "status_label", "enrolled_at", "completed_at"]
    list_filter = ["status", "source", ("course", RelatedDropdownFilter)]
    list_filter_submit = True
    list_select_related = ["user", "course"]
    search_fields = [
        "user__email",
        "user__full_name",
        "course__title_en",
        "course__title_hi",
        "course__slug",
    ]
    autocomplete_fields = ["user", "course"]
    date_hierarchy = "enrolled_at"
    ordering = ["-enrolled_at"]
    actions = ["revoke_selected", "reactivate_selected"]
    actions_detail = ["revoke_detail", "reactivate_detail"]
    add_form = EnrollmentAddForm
    readonly_fields = ["user", "course", "source", "status", "enrolled_at", "completed_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("user", "course")

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = self.add_form
            kwargs["fields"] = ["user", "course", "source"]
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def get_fields(self, request, obj=None):
        return ["user", "course", "source"] if obj is None else self.readonly_fields

    def save_model(self, request, obj: Enrollment, form, change) -> None:
        if change:  # every field is read-only; status changes go through the actions
            return
        enrollment = services.enrollment_create(
            user=obj.user,
            course=obj.course,
            source=obj.source,
            acting_user=request.user,
            request=request,
        )
        obj.pk = enrollment.pk
        obj.status = enrollment.status
        obj.enrolled_at = enrollment.enrolled_at
        obj._state.adding = False

    def has_delete_permission(self, request, obj=None) -> bool:
        # Deleting would hide that someone had access; revoke instead (completions stay).
        return False

    @display(description=_("Source"), label=True, ordering="source")
    def source_label(self, obj: Enrollment) -> str:
        return obj.get_source_display()

    @display(
        description=_("Status"),
        ordering="status",
        label={
            EnrollmentStatus.ACTIVE: "info",
            EnrollmentStatus.COMPLETED: "success",
            EnrollmentStatus.REVOKED: "danger",
        },
    )
    def status_label(self, obj: Enrollment) -> tuple[str, str]:
        return obj.status, obj.get_status_display()

    def _apply(self, request, enrollments, service, done_message) -> int:
        count = 0
        for enrollment in enrollments:
            try:
                service(enrollment=enrollment, acting_user=request.user, request=request)
            except ApplicationError as error:
                self.message_user(request, f"{enrollment}: {error.message}", messages.ERROR)
            else:
                count += 1
        if count:
            self.message_user(request, done_message(count), messages.SUCCESS)
        return count

    @action(description=_("Revoke access (progress is kept)"), permissions=["change"])
    def revoke_selected(self, request, queryset):
        self._apply(
            request,
            queryset.exclude(status=EnrollmentStatus.REVOKED),
            services.enrollment_revoke,
            lambda n: ngettext("%d enrollment revoked.", "%d enrollments revoked.", n) % n,
        )

    @action(description=_("Reactivate access"), permissions=["change"])
    def reactivate_selected(self, request, queryset):
        self._apply(
            request,
            queryset.filter(status=EnrollmentStatus.REVOKED),
            services.enrollment_reactivate,
            lambda n: ngettext("%d enrollment reactivated.", "%d enrollments reactivated.", n) % n,
        )

    def _detail(self, request, object_id, service, done_message):
        enrollment = self.get_object(request, object_id)
        if enrollment is not None:
            self._apply(request, [enrollment], service, done_message)
        return HttpResponseRedirect(reverse("admin:learning_enrollment_change", args=[object_id]))

    @action(description=_("Revoke access"), permissions=["change"])
    @confirm_first(
        question=_("Revoke this person's access? Their progress is kept."),
        submit_label=_("Revoke access"),
    )
    def revoke_detail(self, request, object_id):
        return self._detail(
            request, object_id, services.enrollment_revoke, lambda n: _("Access revoked.")
        )

    @action(description=_("Reactivate access"), permissions=["change"])
    @confirm_first(question=_("Give this person access again?"), submit_label=_("Reactivate"))
    def reactivate_detail(self, request, object_id):
        return self._detail(
            request, object_id, services.enrollment_reactivate, lambda n: _("Access restored.")
        )


class ReadOnlyAdmin(ConsoleModelAdmin):
    """Written only by the student's own actions; the console looks."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(TaskCompletion)
class TaskCompletionAdmin(ReadOnlyAdmin):
    list_display = ["user", "task", "lesson", "course", "completed_at"]
    list_filter = [("task__lesson__module__course", RelatedDropdownFilter)]
    list_filter_submit = True
    search_fields = ["user__email", "user__full_name", "task__title_en"]
    date_hierarchy = "completed_at"
    ordering = ["-completed_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("user", "task__lesson__module__course")

    @display(description=_("Lesson"))
    def lesson(self, obj: TaskCompletion):
        return obj.task.lesson

    @display(description=_("Course"))
    def course(self, obj: TaskCompletion):
        return obj.task.lesson.module.course


@admin.register(LessonProgress)
class LessonProgressAdmin(ReadOnlyAdmin):
    list_display = [
        "user",
        "lesson",
        "video_position_seconds",
        "video_duration_seconds",
        "updated_at",
    ]
    search_fields = ["user__email", "user__full_name", "lesson__title_en"]
    ordering = ["-updated_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("user", "lesson")


# This context's entries in the console sidebar (collected by admin_ext.callbacks).
SIDEBAR = [
    {
        "order": 50,
        "title": _("Learning"),
        "collapsible": True,
        "items": [
            {
                "title": _("Enrollments"),
                "icon": "how_to_reg",
                "link": reverse_lazy("admin:learning_enrollment_changelist"),
                "permission": ADMINS_ONLY,
            },
            {
                "title": _("Task completions"),
                "icon": "task_alt",
                "link": reverse_lazy("admin:learning_taskcompletion_changelist"),
                "permission": ADMINS_ONLY,
            },
            {
                "title": _("Video positions"),
                "icon": "play_circle",
                "link": reverse_lazy("admin:learning_lessonprogress_changelist"),
                "permission": ADMINS_ONLY,
            },
        ],
    },
]
