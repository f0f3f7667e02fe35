"""The assignment page: what is assigned to whom (course, group or person), its rubric and
attachments; deleting one that has submissions archives it."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from unfold.admin import TabularInline
from unfold.contrib.filters.admin import RelatedDropdownFilter
from unfold.contrib.forms.widgets import WysiwygWidget
from unfold.decorators import display

from admin_ext.assignments.permissions import PermissionByObject, can_work_on
from admin_ext.base import ConsoleModelAdmin
from lms.accounts.models import Cohort, Role
from lms.accounts.permissions import is_admin, is_author
from lms.assignments import selectors, services
from lms.assignments.models import (
    Assignment,
    AssignmentAttachment,
    RubricCriterion,
)
from lms.catalog.models import Course, Task, TaskKind
from lms.core.errors import ApplicationError


class AttachmentInline(TabularInline):
    model = AssignmentAttachment
    extra = 0


class RubricInline(TabularInline):
    model = RubricCriterion
    extra = 0
    fields = ["title", "max_points", "position"]


@admin.register(Assignment)
class AssignmentAdmin(PermissionByObject, ConsoleModelAdmin):
    list_display = ["title", "course", "due_at", "late_policy", "submission_count", "archived_at"]
    list_filter = [("course", RelatedDropdownFilter), "late_policy", "archived_at"]
    list_filter_submit = True
    search_fields = ["title"]
    date_hierarchy = "due_at"
    inlines = [RubricInline, AttachmentInline]
    fields = [
        "course",
        "task",
        "title",
        "instructions",
        "due_at",
        ("max_marks", "pass_marks"),
        "late_policy",
        "target_courses",
        "target_cohorts",
        "target_users",
        "archived_at",
    ]
    readonly_fields = ["archived_at"]
    formfield_overrides = {
        Assignment._meta.get_field("instructions").__class__: {"widget": WysiwygWidget}
    }

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            selectors.assignments_for_staff(user=request.user)
            .select_related("course")
            .annotate(submissions_total=Count("submissions"))
        )

    def has_module_permission(self, request) -> bool:
        return is_author(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return can_work_on(request, obj)

    def has_add_permission(self, request) -> bool:
        return is_author(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return can_work_on(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return can_work_on(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        courses = Course.objects.all()
        if not is_admin(request.user):
            courses = courses.filter(instructors=request.user)
        if db_field.name == "course":
            kwargs["queryset"] = courses
        if db_field.name == "task":
            kwargs["queryset"] = Task.objects.filter(
                kind=TaskKind.ASSIGNMENT, lesson__module__course__in=courses
            ).select_related("lesson__module__course")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "target_users":
            kwargs["queryset"] = db_field.related_model.objects.filter(role=Role.STUDENT)
        if db_field.name == "target_courses" and not is_admin(request.user):
            kwargs["queryset"] = Course.objects.filter(instructors=request.user)
        if db_field.name == "target_cohorts":
            kwargs["queryset"] = Cohort.objects.all()
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @display(description=_("Submissions"), ordering="submissions_total")
    def submission_count(self, obj: Assignment) -> int:
        return obj.submissions_total

    def save_model(self, request, obj: Assignment, form, change) -> None:
        try:
            services.assignment_save(
                acting_user=request.user,
                assignment=obj,
                target_courses=form.cleaned_data.get("target_courses"),
                target_cohorts=form.cleaned_data.get("target_cohorts"),
                target_users=form.cleaned_data.get("target_users"),
            )
        except ApplicationError as error:
            raise ValidationError(error.message) from error

    def get_deleted_objects(self, objs, request):
        """An assignment with submissions is archived, not deleted: the confirmation page
        says so instead of listing the submissions as protected."""
        objs = list(objs)
        with_work = [obj for obj in objs if obj.submissions.exists()]
        if not with_work:
            return super().get_deleted_objects(objs, request)
        summary = [
            _("%(assignment)s will be archived: it has submissions, which are kept.")
            % {"assignment": obj}
            for obj in with_work
        ]
        return summary, {}, set(), []

    def delete_model(self, request, obj: Assignment) -> None:
        outcome = services.assignment_delete(acting_user=request.user, assignment=obj)
        if outcome == "archived":
            self.message_user(
                request, _("“%(title)s” was archived.") % {"title": obj.title}, messages.WARNING
            )

    def delete_queryset(self, request, queryset) -> None:
        for obj in queryset:
            self.delete_model(request, obj)
