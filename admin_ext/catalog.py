"""Admin console pages of the catalog context: the roadmap builder (course → modules →
lessons → tasks and documents), the review workflow and instructor applications.

Who sees what: admins see everything. Instructors are staff without model permissions;
instead of handing them a group of model permissions (a second place that would have to
follow the role), these pages decide by role plus the guardian object permission that
`lms.catalog.services.course_permissions_sync` gives each instructor of a course. So an
instructor opens the catalog pages, lists only the courses they teach (and those
courses' modules and lessons), and gets 403 on anyone else's.

Translations: modeltranslation's TranslationAdmin (field widgets, required default
language) with unfold's own fieldset tabs for English and Hindi. Its Tabbed* variants are
not used because they load jQuery UI from a CDN, which the console's CSP refuses.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from unfold.admin import TabularInline
from unfold.contrib.forms.widgets import WysiwygWidget
from unfold.decorators import action, display
from unfold.widgets import (
    UnfoldAdminSelect2MultipleWidget,
    UnfoldAdminSelect2Widget,
    UnfoldAdminTextareaWidget,
    UnfoldAdminURLInputWidget,
)

from admin_ext.actions import bulk_action_with_form, confirm_first
from admin_ext.base import ConsoleModelAdmin
from admin_ext.callbacks import ADMINS_ONLY
from admin_ext.course_builder import CourseBuilderMixin, CourseCrumbsMixin
from admin_ext.widgets import PrivateFileWidget
from lms.accounts.models import Cohort, Role, User
from lms.accounts.permissions import is_admin, is_author
from lms.catalog import services
from lms.catalog.models import (
    Course,
    CourseStatus,
    InstructorApplication,
    Lesson,
    LessonDocument,
    Module,
    Task,
)
from lms.catalog.selectors import courses_editable_by
from lms.core.errors import ApplicationError
from lms.learning import services as learning_services
from lms.mentor.models import StudyJobKind
from lms.mentor.study import study_job_queue

RICH_TEXT = {
    models.TextField: {"widget": WysiwygWidget},
    # Links typed without a scheme are taken as https (Django 6's default, chosen now).
    models.URLField: {"widget": UnfoldAdminURLInputWidget, "assume_scheme": "https"},
}


def can_author(request: HttpRequest) -> bool:
    """Sidebar permission callback: admins and instructors work on courses."""
    return is_author(request.user)


def _course_of(obj) -> Course | None:
    if isinstance(obj, Course):
        return obj
    if isinstance(obj, Module):
        return obj.course
    if isinstance(obj, Lesson):
        return obj.module.course
    if isinstance(obj, Task | LessonDocument):
        return obj.lesson.module.course
    return None


def _can_edit(request: HttpRequest, obj) -> bool:
    if obj is None:
        return can_author(request)
    course = _course_of(obj)
    return course is not None and services.course_can_edit(user=request.user, course=course)


class CatalogPermissions:
    """Role + object permission, for model admins and inlines alike (`obj` is the edited
    object for a model admin and the parent object for an inline)."""

    def has_module_permission(self, request):
        return can_author(request)

    def has_view_permission(self, request, obj=None):
        return _can_edit(request, obj)

    def has_change_permission(self, request, obj=None):
        return _can_edit(request, obj)

    def has_add_permission(self, request, obj=None):
        return _can_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _can_edit(request, obj)


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
        course = _course_of(form.instance)
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


# --- Forms for actions ----------------------------------------------------------------------


class RejectForm(forms.Form):
    feedback = forms.CharField(
        label=_("Feedback for the instructor"),
        widget=UnfoldAdminTextareaWidget(attrs={"rows": 5}),
        help_text=_("What should change before the course can be published?"),
    )


class EnrollForm(forms.Form):
    users = forms.ModelMultipleChoiceField(
        label=_("People"),
        queryset=User.objects.filter(is_active=True, role=Role.STUDENT).order_by("email"),
        required=False,
        widget=UnfoldAdminSelect2MultipleWidget,  # searchable: type a name or an email
    )
    cohort = forms.ModelChoiceField(
        label=_("Or a whole group"),
        queryset=Cohort.objects.all(),
        required=False,
        widget=UnfoldAdminSelect2Widget,
    )

    def clean(self):
        data = super().clean()
        if not data.get("users") and not data.get("cohort"):
            raise forms.ValidationError(_("Pick people, a group, or both."))
        return data


class ApplicationRejectForm(forms.Form):
    feedback = forms.CharField(
        label=_("Feedback for the applicant"),
        widget=UnfoldAdminTextareaWidget(attrs={"rows": 4}),
        required=False,
    )


# --- Courses --------------------------------------------------------------------------------


@admin.register(Course)
class CourseAdmin(
    CatalogPermissions,
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
        return Course.objects.filter(pk=_int_or_none(object_id), status__in=states).exists()

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

    # Bulk actions (changelist) ---------------------------------------------------------------

    def _each(self, request, queryset, service, done_message: str, *, audited: bool = True) -> None:
        """`service` on each course; an audited one is given the request (for the client
        address in the audit log)."""
        done = 0
        extra = {"request": request} if audited else {}
        for course in queryset:
            try:
                service(course=course, acting_user=request.user, **extra)
            except ApplicationError as error:
                self.message_user(request, f"{course}: {error.message}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, done_message % {"n": done}, messages.SUCCESS)

    @action(description=_("Submit selected for review"), permissions=["submit"])
    def submit_selected(self, request, queryset):
        self._each(
            request, queryset, services.course_submit_for_review, _("%(n)d submitted for review.")
        )

    @action(description=_("Approve selected (publish)"), permissions=["publish"])
    def approve_selected(self, request, queryset):
        self._each(request, queryset, services.course_approve, _("%(n)d approved and published."))

    @action(description=_("Reject selected with feedback"), permissions=["publish"])
    def reject_selected(self, request, queryset):
        def apply(data):
            for course in queryset:
                services.course_reject(
                    course=course,
                    acting_user=request.user,
                    feedback=data["feedback"],
                    request=request,
                )
            self.message_user(
                request, _("Sent back to the instructors with your feedback."), messages.SUCCESS
            )

        return bulk_action_with_form(
            self,
            request,
            queryset,
            form_class=RejectForm,
            action_name="reject_selected",
            heading=_("Reject with feedback"),
            submit_label=_("Reject"),
            apply=apply,
        )

    @action(description=_("Publish selected"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._each(request, queryset, services.course_publish, _("%(n)d published."))

    @action(description=_("Unpublish selected"), permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        self._each(
            request,
            queryset,
            services.course_unpublish,
            _("%(n)d unpublished (enrolled students keep access and progress)."),
        )

    @action(description=_("Archive selected"), permissions=["publish"])
    def archive_selected(self, request, queryset):
        self._each(request, queryset, services.course_archive, _("%(n)d archived."))

    @action(description=_("Duplicate selected"), permissions=["submit"])
    def duplicate_selected(self, request, queryset):
        self._each(
            request,
            queryset,
            services.course_duplicate,
            _("%(n)d copied as drafts."),
            audited=False,
        )

    @action(description=_("Enroll people or a group"), permissions=["publish"])
    def enroll_selected(self, request, queryset):
        def apply(data):
            for course in queryset:
                totals = {"enrolled": 0, "skipped": 0}
                if data.get("users"):
                    result = learning_services.course_enroll_users(
                        course=course,
                        users=data["users"],
                        acting_user=request.user,
                        request=request,
                    )
                    totals = {key: totals[key] + result[key] for key in totals}
                if data.get("cohort"):
                    result = learning_services.course_enroll_cohort(
                        course=course,
                        cohort=data["cohort"],
                        acting_user=request.user,
                        request=request,
                    )
                    totals = {key: totals[key] + result[key] for key in totals}
                self.message_user(
                    request,
                    _("%(course)s: %(enrolled)d enrolled, %(skipped)d already enrolled.")
                    % {"course": course, **totals},
                    messages.SUCCESS,
                )

        return bulk_action_with_form(
            self,
            request,
            queryset,
            form_class=EnrollForm,
            action_name="enroll_selected",
            heading=_("Enroll into the selected courses"),
            submit_label=_("Enroll"),
            apply=apply,
        )

    # Detail and row actions ------------------------------------------------------------------

    def _course_for_action(self, request, object_id) -> Course:
        course = get_object_or_404(Course, pk=object_id)
        if not self.has_view_permission(request, course):
            raise PermissionDenied
        return course

    def _detail(self, request, object_id, service, success: str):
        course = self._course_for_action(request, object_id)
        try:
            service(course=course, acting_user=request.user, request=request)
        except ApplicationError as error:
            self.message_user(request, error.message, messages.ERROR)
        else:
            self.message_user(request, success, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:catalog_course_change", args=[course.pk]))

    @action(description=_("Submit for review"), url_path="submit", permissions=["submit_now"])
    @confirm_first(
        question=_("Submit this course for review?"), submit_label=_("Submit for review")
    )
    def submit_detail(self, request, object_id):
        return self._detail(
            request, object_id, services.course_submit_for_review, _("Submitted for review.")
        )

    @action(description=_("Approve and publish"), url_path="approve", permissions=["review_now"])
    @confirm_first(
        question=_("Approve and publish this course? Students can enroll at once."),
        submit_label=_("Approve and publish"),
    )
    def approve_detail(self, request, object_id):
        return self._detail(
            request, object_id, services.course_approve, _("Approved and published.")
        )

    @action(description=_("Publish"), url_path="publish", permissions=["publish_now"])
    @confirm_first(
        question=_("Publish this course? Students can enroll at once."), submit_label=_("Publish")
    )
    def publish_detail(self, request, object_id):
        return self._detail(request, object_id, services.course_publish, _("Published."))

    @action(description=_("Unpublish"), url_path="unpublish", permissions=["unpublish_now"])
    @confirm_first(
        question=_("Unpublish this course? Enrolled students keep access and progress."),
        submit_label=_("Unpublish"),
    )
    def unpublish_detail(self, request, object_id):
        return self._detail(request, object_id, services.course_unpublish, _("Unpublished."))

    @action(description=_("Reject with feedback"), url_path="reject", permissions=["review_now"])
    def reject_detail(self, request, object_id):
        """The feedback form for one course in review; the POST sends it back to draft."""
        course = self._course_for_action(request, object_id)

        def apply(data):
            services.course_reject(
                course=course, acting_user=request.user, feedback=data["feedback"]
            )
            self.message_user(
                request, _("Sent back to the instructors with your feedback."), messages.SUCCESS
            )

        response = bulk_action_with_form(
            self,
            request,
            Course.objects.filter(pk=course.pk),
            form_class=RejectForm,
            action_name="reject_detail",
            heading=_("Reject with feedback"),
            submit_label=_("Reject"),
            apply=apply,
        )
        return response or HttpResponseRedirect(
            reverse("admin:catalog_course_change", args=[course.pk])
        )

    # A GET shows the feedback form; only its POST (with "apply") rejects.
    reject_detail.confirms_before_acting = True

    @action(description=_("View as student"), url_path="view-as-student", icon="visibility")
    def view_as_student(self, request, object_id):
        course = self._course_for_action(request, object_id)
        try:
            return HttpResponseRedirect(reverse("student_pwa:course_roadmap", args=[course.slug]))
        except NoReverseMatch:
            self.message_user(
                request, _("The student course page is not available yet."), messages.WARNING
            )
            return HttpResponseRedirect(reverse("admin:catalog_course_change", args=[course.pk]))


# --- Modules and lessons --------------------------------------------------------------------


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
        return Module.objects.select_related("course").filter(pk=_int_or_none(object_id)).first()

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
            .filter(pk=_int_or_none(object_id))
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
        return lesson is not None and _can_edit(request, lesson)

    def _study(self, request, object_id, kind: str):
        """Queue a mentor study job on the lesson; its progress shows under Study jobs."""
        lesson = self.get_object(request, object_id)
        if lesson is None or not _can_edit(request, lesson):
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


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- Instructor applications ----------------------------------------------------------------


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


# This context's entries in the console sidebar (collected by admin_ext.callbacks).
SIDEBAR = [
    {
        "order": 20,
        "title": _("Courses"),
        "collapsible": False,
        "items": [
            {
                "title": _("Courses"),
                "icon": "school",
                "link": reverse_lazy("admin:catalog_course_changelist"),
                "permission": "admin_ext.catalog.can_author",
            },
            {
                "title": _("Modules"),
                "icon": "view_module",
                "link": reverse_lazy("admin:catalog_module_changelist"),
                "permission": "admin_ext.catalog.can_author",
            },
            {
                "title": _("Lessons"),
                "icon": "menu_book",
                "link": reverse_lazy("admin:catalog_lesson_changelist"),
                "permission": "admin_ext.catalog.can_author",
            },
            {
                "title": _("Instructor applications"),
                "icon": "how_to_reg",
                "link": reverse_lazy("admin:catalog_instructorapplication_changelist"),
                "permission": ADMINS_ONLY,
            },
        ],
    },
]
