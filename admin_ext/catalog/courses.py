"""The course page: list, form, review state and who may do what; its actions are in
admin_ext.catalog.course_actions."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from unfold.decorators import display

from admin_ext.base import ConsoleModelAdmin, int_or_none
from admin_ext.callbacks import can_author
from admin_ext.catalog.course_actions import CourseActionsMixin
from admin_ext.catalog.forms import RICH_TEXT
from admin_ext.catalog.permissions import CatalogPermissions
from admin_ext.catalog.roadmap import PositionedFormsetMixin
from admin_ext.course_builder import CourseBuilderMixin
from lms.accounts.permissions import is_admin
from lms.catalog import services
from lms.catalog.models import Course, CourseStatus
from lms.catalog.selectors import courses_editable_by
from lms.core.errors import ApplicationError


@admin.register(Course)
class CourseAdmin(
    CatalogPermissions,
    CourseActionsMixin,
    PositionedFormsetMixin,
    CourseBuilderMixin,
    ConsoleModelAdmin,
    TranslationAdmin,
):
    list_display = [
        "title",
        "status_label",
        "enrollment_mode",
        "price_label",
        "domain",
        "level",
        "instructor_names",
        "module_total",
        "published_at",
    ]
    list_filter = ["status", "domain", "level", "enrollment_mode", "language"]
    list_filter_submit = True
    search_fields = ["title_en", "title_hi", "summary_en", "slug", "domain"]
    list_select_related = ["created_by"]
    readonly_fields = [
        "slug",
        "status",
        "review_feedback_notice",
        "submitted_at",
        "published_at",
        "created_by",
    ]
    # The roadmap is edited in the builder under the form (admin_ext.course_builder), not in
    # an inline whose stale positions a later save of the form would write back.
    inlines = []
    formfield_overrides = RICH_TEXT
    autocomplete_fields = []
    actions = [
        "submit_selected",
        "approve_selected",
        "reject_selected",
        "publish_selected",
        "unpublish_selected",
        "archive_selected",
        "duplicate_selected",
        "enroll_selected",
    ]
    actions_row = ["view_as_student"]
    actions_detail = [
        "submit_detail",
        "approve_detail",
        "reject_detail",
        "publish_detail",
        "unpublish_detail",
        "view_as_student",
    ]
    fieldsets = [
        (
            _("Review"),
            {"fields": ["status", "review_feedback_notice", "submitted_at", "published_at"]},
        ),
        (
            _("English"),
            {"fields": ["title_en", "slug", "summary_en", "description_en"], "classes": ["tab"]},
        ),
        (_("Hindi"), {"fields": ["title_hi", "summary_hi", "description_hi"], "classes": ["tab"]}),
        (
            _("Catalog"),
            {
                "fields": [
                    "domain",
                    "level",
                    "language",
                    "thumbnail",
                    "enrollment_mode",
                    "price",
                    "currency",
                ],
                "classes": ["tab"],
            },
        ),
        (_("Instructors"), {"fields": ["instructors", "created_by"], "classes": ["tab"]}),
    ]
    filter_horizontal = ["instructors"]

    def get_queryset(self, request):
        return (
            courses_editable_by(request.user)
            .select_related("created_by")
            .prefetch_related("instructors")
            .annotate(module_count=models.Count("modules", distinct=True))
        )

    def get_object(self, request, object_id, from_field=None):
        # Look the course up among all courses, so an instructor opening someone else's
        # course gets a clear 403 (from the permission check) instead of a redirect.
        try:
            return Course.objects.get(pk=Course._meta.pk.to_python(object_id))
        except (Course.DoesNotExist, ValueError, ValidationError):
            return None

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not is_admin(request.user):
            fields.append("instructors")
        return fields

    def has_delete_permission(self, request, obj=None):
        return is_admin(request.user)

    def has_publish_permission(self, request, obj=None):
        return is_admin(request.user)

    def has_submit_permission(self, request, obj=None):
        return can_author(request)

    # Detail buttons follow the course's state: unfold asks these with the object's id when
    # it draws the buttons (and without one for the changelist's bulk actions, which then
    # report per course why one could not change). The URL itself keeps the role check above.

    def _in_state(self, object_id, *states) -> bool:
        if object_id is None:
            return True
        return Course.objects.filter(pk=int_or_none(object_id), status__in=states).exists()

    def has_submit_now_permission(self, request, object_id=None):
        return self.has_submit_permission(request) and self._in_state(object_id, CourseStatus.DRAFT)

    def has_review_now_permission(self, request, object_id=None):
        return is_admin(request.user) and self._in_state(object_id, CourseStatus.IN_REVIEW)

    def has_publish_now_permission(self, request, object_id=None):
        return is_admin(request.user) and self._in_state(
            object_id, CourseStatus.DRAFT, CourseStatus.ARCHIVED
        )

    def has_unpublish_now_permission(self, request, object_id=None):
        return is_admin(request.user) and self._in_state(object_id, CourseStatus.PUBLISHED)

    def save_model(self, request, obj, form, change):
        services.course_save(course=obj, acting_user=request.user)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.course_permissions_sync(course=form.instance)
        services.course_positions_normalize(course=form.instance)

    def delete_model(self, request, obj):
        try:
            services.course_delete(course=obj, acting_user=request.user)
        except ApplicationError as error:
            self.message_user(request, error.message, messages.ERROR)

    def delete_queryset(self, request, queryset):
        for course in queryset:
            self.delete_model(request, course)

    @display(
        description=_("Status"),
        label={
            CourseStatus.DRAFT: "info",
            CourseStatus.IN_REVIEW: "warning",
            CourseStatus.PUBLISHED: "success",
            CourseStatus.ARCHIVED: "danger",
        },
    )
    def status_label(self, obj: Course):
        return obj.status, obj.get_status_display()

    @display(description=_("Price"), ordering="price")
    def price_label(self, obj: Course) -> str:
        from lms.catalog.templatetags.catalog_tags import course_price

        return course_price(obj)

    @display(description=_("Instructors"))
    def instructor_names(self, obj: Course) -> str:
        return ", ".join(user.get_full_name() for user in obj.instructors.all())

    @display(description=_("Modules"), ordering="module_count")
    def module_total(self, obj: Course) -> int:
        return obj.module_count

    @display(description=_("Review feedback"))
    def review_feedback_notice(self, obj: Course) -> str:
        return obj.review_feedback or "—"
