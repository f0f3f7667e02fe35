"""The lesson page: content, video and subtitles, its tasks and documents as inlines, and
the AI mentor's study actions (summary, draft questions)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from unfold.decorators import action, display

from admin_ext.actions import confirm_first
from admin_ext.base import ConsoleModelAdmin, int_or_none
from admin_ext.callbacks import can_author
from admin_ext.catalog.forms import RICH_TEXT
from admin_ext.catalog.permissions import CatalogPermissions, can_edit
from admin_ext.catalog.roadmap import DocumentInline, PositionedFormsetMixin, TaskInline
from admin_ext.course_builder import CourseCrumbsMixin
from admin_ext.widgets import PrivateFileWidget
from lms.catalog import services
from lms.catalog.models import Lesson, Module
from lms.catalog.selectors import courses_editable_by
from lms.core.errors import ApplicationError
from lms.mentor.models import StudyJobKind
from lms.mentor.study import study_job_queue


@admin.register(Lesson)
class LessonAdmin(
    CatalogPermissions,
    PositionedFormsetMixin,
    CourseCrumbsMixin,
    ConsoleModelAdmin,
    TranslationAdmin,
):
    list_display = ["title", "module", "course_title", "position", "estimated_minutes"]
    list_filter = ["module__course__status"]
    search_fields = ["title_en", "title_hi", "module__title_en", "module__course__title_en"]
    list_select_related = ["module__course"]
    formfield_overrides = RICH_TEXT
    inlines = [TaskInline, DocumentInline]
    actions_detail = ["summarize_detail", "draft_questions_detail"]
    fieldsets = [
        (None, {"fields": ["module", "estimated_minutes"]}),
        (_("English"), {"fields": ["title_en", "body_en"], "classes": ["tab"]}),
        (_("Hindi"), {"fields": ["title_hi", "body_hi"], "classes": ["tab"]}),
        (
            _("Video and subtitles"),
            {"fields": ["video_file", "video_url", "subtitles"], "classes": ["tab"]},
        ),
    ]

    def get_queryset(self, request):
        return Lesson.objects.filter(
            module__course__in=courses_editable_by(request.user)
        ).select_related("module__course")

    def get_object(self, request, object_id, from_field=None):
        return (
            Lesson.objects.select_related("module__course")
            .filter(pk=int_or_none(object_id))
            .first()
        )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Private files are linked through the permission-checked view, never by address.
        if db_field.name in ("video_file", "subtitles"):
            kind = "video" if db_field.name == "video_file" else "subtitles"
            kwargs["widget"] = PrivateFileWidget(
                url_for=lambda f: reverse("student_pwa:lesson_file", args=[f.instance.pk, kind])
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "module":
            kwargs["queryset"] = Module.objects.filter(
                course__in=courses_editable_by(request.user)
            ).select_related("course")
            field = super().formfield_for_foreignkey(db_field, request, **kwargs)
            # "Python 101 › Basics": module titles repeat from course to course.
            field.label_from_instance = lambda module: f"{module.course} › {module}"
            return field
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        services.lesson_save(lesson=obj, acting_user=request.user)

    def delete_model(self, request, obj):
        services.lesson_delete(lesson=obj, acting_user=request.user)

    def delete_queryset(self, request, queryset):
        for lesson in queryset:
            services.lesson_delete(lesson=lesson, acting_user=request.user)

    @display(description=_("Course"), ordering="module__course__title")
    def course_title(self, obj: Lesson) -> str:
        return str(obj.module.course)

    def has_study_permission(self, request, object_id=None) -> bool:
        """The mentor's study tools: the lesson's course team (unfold passes the id)."""
        if object_id is None:
            return can_author(request)
        lesson = self.get_object(request, str(object_id))
        return lesson is not None and can_edit(request, lesson)

    def _study(self, request, object_id, kind: str):
        """Queue a mentor study job on the lesson; its progress shows under Study jobs."""
        lesson = self.get_object(request, object_id)
        if lesson is None or not can_edit(request, lesson):
            raise PermissionDenied
        try:
            study_job_queue(kind=kind, lesson=lesson, requested_by=request.user)
        except ApplicationError as error:
            self.message_user(request, error.message, messages.ERROR)
        else:
            self.message_user(
                request,
                _("Queued: follow its progress under AI mentor → Study jobs."),
                messages.SUCCESS,
            )
        return HttpResponseRedirect(reverse("admin:catalog_lesson_change", args=[lesson.pk]))

    @action(description=_("Summarize this lesson"), url_path="summarize", permissions=["study"])
    @confirm_first(
        question=_("Ask the AI mentor for a draft summary of this lesson, for review?"),
        submit_label=_("Summarize"),
    )
    def summarize_detail(self, request, object_id):
        return self._study(request, object_id, StudyJobKind.SUMMARY)

    @action(
        description=_("Draft questions from this lesson"),
        url_path="draft-questions",
        permissions=["study"],
    )
    @confirm_first(
        question=_(
            "Ask the AI mentor to draft questions from this lesson? They go to the question "
            "bank as unpublished drafts."
        ),
        submit_label=_("Draft questions"),
    )
    def draft_questions_detail(self, request, object_id):
        return self._study(request, object_id, StudyJobKind.QUESTIONS)
