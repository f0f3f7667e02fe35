"""The roadmap's inline rows (modules' lessons, lessons' tasks and documents), dragged into
order, and the mixin that saves and deletes them through the catalog's roadmap services."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline
from unfold.admin import TabularInline

from admin_ext.catalog.permissions import CatalogPermissions, course_of
from admin_ext.widgets import PrivateFileWidget
from lms.catalog import services
from lms.catalog.models import Lesson, LessonDocument, Module, Task


class PositionedFormsetMixin:
    """Inline roadmap rows (drag-ordered, added or deleted) are saved and deleted through the
    catalog's roadmap services, which check the course, sanitize rich text and put new rows
    last; then the course's positions are renumbered 1..n."""

    def save_formset(self, request, form, formset, change):
        if formset.model not in ROADMAP_WRITES:
            return super().save_formset(request, form, formset, change)
        save, delete, name = ROADMAP_WRITES[formset.model]
        instances = formset.save(commit=False)
        for deleted in formset.deleted_objects:
            getattr(services, delete)(**{name: deleted, "acting_user": request.user})
        for instance in instances:
            getattr(services, save)(**{name: instance, "acting_user": request.user})
        course = course_of(form.instance)
        if course is not None:
            services.course_positions_normalize(course=course)


# Inline model -> its save and delete services in lms.catalog.services, and their keyword.
ROADMAP_WRITES = {
    Module: ("module_save", "module_delete", "module"),
    Lesson: ("lesson_save", "lesson_delete", "lesson"),
    Task: ("task_save", "task_delete", "task"),
    LessonDocument: ("lesson_document_save", "lesson_document_delete", "document"),
}


# --- Inlines --------------------------------------------------------------------------------


class PositionedInline(CatalogPermissions, TabularInline):
    """Roadmap rows dragged into order; PositionedFormsetMixin renumbers them on save."""

    ordering_field = "position"
    hide_ordering_field = True
    extra = 0


class LessonInline(PositionedInline, TranslationTabularInline):
    model = Lesson
    fields = ["title_en", "title_hi", "estimated_minutes", "position"]
    show_change_link = True
    verbose_name_plural = _("Lessons (drag to reorder; open one to edit its content and tasks)")


class TaskInline(PositionedInline, TranslationTabularInline):
    model = Task
    fields = ["title_en", "title_hi", "kind", "instructions", "position"]
    tab = True


class DocumentInline(PositionedInline):
    model = LessonDocument
    fields = ["title", "file", "position"]
    tab = True

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "file":
            kwargs["widget"] = PrivateFileWidget(
                url_for=lambda f: reverse("student_pwa:document_file", args=[f.instance.pk])
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)
