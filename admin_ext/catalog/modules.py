"""The module page: a course's module with its lessons dragged into order."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from unfold.decorators import display

from admin_ext.base import ConsoleModelAdmin, int_or_none
from admin_ext.catalog.permissions import CatalogPermissions
from admin_ext.catalog.roadmap import LessonInline, PositionedFormsetMixin
from admin_ext.course_builder import CourseCrumbsMixin
from lms.catalog import services
from lms.catalog.models import Module
from lms.catalog.selectors import courses_editable_by


@admin.register(Module)
class ModuleAdmin(
    CatalogPermissions,
    PositionedFormsetMixin,
    CourseCrumbsMixin,
    ConsoleModelAdmin,
    TranslationAdmin,
):
    list_display = ["title", "course", "position", "lesson_total"]
    list_filter = ["course__status"]
    search_fields = ["title_en", "title_hi", "course__title_en"]
    list_select_related = ["course"]
    fields = ["course", "title_en", "title_hi", "free_order"]
    inlines = [LessonInline]

    def get_queryset(self, request):
        return (
            Module.objects.filter(course__in=courses_editable_by(request.user))
            .select_related("course")
            .annotate(lesson_count=models.Count("lessons"))
        )

    def get_object(self, request, object_id, from_field=None):
        return Module.objects.select_related("course").filter(pk=int_or_none(object_id)).first()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "course":
            kwargs["queryset"] = courses_editable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        services.module_save(module=obj, acting_user=request.user)

    def delete_model(self, request, obj):
        services.module_delete(module=obj, acting_user=request.user)

    def delete_queryset(self, request, queryset):
        for module in queryset:
            services.module_delete(module=module, acting_user=request.user)

    @display(description=_("Lessons"), ordering="lesson_count")
    def lesson_total(self, obj: Module) -> int:
        return obj.lesson_count
