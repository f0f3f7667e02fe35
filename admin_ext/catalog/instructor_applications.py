"""Instructor applications: admins approve (the applicant becomes an instructor) or reject
with feedback."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from unfold.decorators import action, display

from admin_ext.actions import bulk_action_with_form
from admin_ext.base import ConsoleModelAdmin
from admin_ext.catalog.forms import ApplicationRejectForm
from lms.accounts.permissions import is_admin
from lms.catalog import services
from lms.catalog.models import InstructorApplication
from lms.core.errors import ApplicationError


@admin.register(InstructorApplication)
class InstructorApplicationAdmin(ConsoleModelAdmin):
    list_display = ["user", "expertise", "status_label", "created_at", "reviewed_at"]
    list_filter = ["status"]
    search_fields = ["user__email", "user__full_name", "expertise"]
    list_select_related = ["user", "reviewed_by"]
    readonly_fields = [
        "user",
        "expertise",
        "motivation",
        "status",
        "feedback",
        "created_at",
        "reviewed_at",
        "reviewed_by",
    ]
    actions = ["approve_selected", "reject_selected"]

    def has_module_permission(self, request):
        return is_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_admin(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return is_admin(request.user)

    def has_review_permission(self, request, obj=None):
        return is_admin(request.user)

    @display(
        description=_("Status"),
        label={"pending": "warning", "approved": "success", "rejected": "danger"},
    )
    def status_label(self, obj: InstructorApplication):
        return obj.status, obj.get_status_display()

    @action(description=_("Approve selected (they become instructors)"), permissions=["review"])
    def approve_selected(self, request, queryset):
        done = 0
        for application in queryset:
            try:
                services.instructor_application_approve(
                    application=application, acting_user=request.user
                )
            except ApplicationError as error:
                self.message_user(request, f"{application}: {error.message}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, _("%(n)d approved.") % {"n": done}, messages.SUCCESS)

    @action(description=_("Reject selected"), permissions=["review"])
    def reject_selected(self, request, queryset):
        def apply(data):
            for application in queryset:
                services.instructor_application_reject(
                    application=application, acting_user=request.user, feedback=data["feedback"]
                )
            self.message_user(request, _("Rejected."), messages.SUCCESS)

        return bulk_action_with_form(
            self,
            request,
            queryset,
            form_class=ApplicationRejectForm,
            action_name="reject_selected",
            heading=_("Reject applications"),
            submit_label=_("Reject"),
            apply=apply,
        )
