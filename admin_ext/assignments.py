"""Admin console pages of the assignments context: assignments (targets, rubric,
attachments; deleting one with submissions archives it), the review queue (filters, files
inline, marks with feedback and rubric, previous/next without going back to the list) and
daily work by date and student. Admins see everything; instructors the assignments of the
courses they teach and their students' work. Writes go through lms.assignments.services."""

from copy import copy

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import SimpleListFilter
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponseRedirect, QueryDict
from django.urls import reverse, reverse_lazy
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from unfold.admin import TabularInline
from unfold.contrib.filters.admin import RelatedDropdownFilter
from unfold.contrib.forms.widgets import WysiwygWidget
from unfold.decorators import display

from admin_ext.base import ConsoleModelAdmin
from admin_ext.callbacks import AUTHORS
from lms.accounts.models import Cohort, Role
from lms.accounts.permissions import is_admin, is_author, is_instructor_of
from lms.assignments import selectors, services
from lms.assignments.models import (
    Assignment,
    AssignmentAttachment,
    DailyEntry,
    RubricCriterion,
    Submission,
)
from lms.catalog.models import Course, Task, TaskKind
from lms.core.errors import ApplicationError


def _can_work_on(request: HttpRequest, obj) -> bool:
    """Admins, and instructors of the course the object belongs to (any author when no
    object is given: the list and the add page)."""
    if obj is None:
        return is_author(request.user)
    course = obj.course if isinstance(obj, Assignment) else obj.assignment.course
    return is_admin(request.user) or is_instructor_of(request.user, course)


class PermissionByObject:
    """Lists show only one's own rows, but an object's page finds any object and answers
    403 when it belongs to another course (as the catalog's pages do), not a redirect."""

    def get_object(self, request, object_id, from_field=None):
        field = (
            self.model._meta.pk if from_field is None else self.model._meta.get_field(from_field)
        )
        try:
            return self.model.objects.get(**{field.name: field.to_python(object_id)})
        except (self.model.DoesNotExist, ValidationError, ValueError):
            return None


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
        return _can_work_on(request, obj)

    def has_add_permission(self, request) -> bool:
        return is_author(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return _can_work_on(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return _can_work_on(request, obj)

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


# --- The review queue ----------------------------------------------------------------------


class StatusFilter(SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("awaiting", _("Awaiting review")), ("reviewed", _("Reviewed"))]

    def queryset(self, request, queryset):
        if self.value() == "awaiting":
            return queryset.filter(reviewed_at__isnull=True)
        if self.value() == "reviewed":
            return queryset.filter(reviewed_at__isnull=False)
        return queryset


class GroupFilter(SimpleListFilter):
    title = _("group")
    parameter_name = "group"

    def lookups(self, request, model_admin):
        return [(cohort.pk, cohort.name) for cohort in Cohort.objects.order_by("name")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(user__cohort_memberships__cohort_id=self.value()).distinct()
        return queryset


class ReviewForm(forms.ModelForm):
    """Marks and feedback, plus one field per rubric criterion. The rules are the
    service's (`submission_review_check`), shown on the form before anything is saved."""

    class Meta:
        model = Submission
        fields = ["marks", "feedback"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(self.instance.assignment.criteria.all()) if self.instance.pk else []
        self.fields["marks"].required = not self.criteria
        self.fields["marks"].help_text = (
            _("0 to %(max)d; pass at %(pass)d.")
            % {
                "max": self.instance.assignment.max_marks,
                "pass": self.instance.assignment.pass_marks,
            }
            if self.instance.pk
            else ""
        )
        for criterion in self.criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.IntegerField(
                label=str(criterion),
                required=False,
                initial=(self.instance.rubric_points or {}).get(str(criterion.pk)),
            )

    def rubric_points(self) -> dict[int, int]:
        return {
            criterion.pk: self.cleaned_data[f"criterion_{criterion.pk}"]
            for criterion in self.criteria
            if self.cleaned_data.get(f"criterion_{criterion.pk}") is not None
        }

    def clean(self):
        cleaned = super().clean()
        if not self.instance.is_latest:
            raise ValidationError(_("A newer attempt exists; review that one."))
        try:
            marks, _points = services.submission_review_check(
                assignment=self.instance.assignment,
                marks=cleaned.get("marks"),
                rubric_points=self.rubric_points(),
            )
        except ApplicationError as error:
            raise ValidationError(error.message) from error
        cleaned["marks"] = marks
        return cleaned


@admin.register(Submission)
class SubmissionAdmin(PermissionByObject, ConsoleModelAdmin):
    list_display = [
        "user",
        "assignment",
        "course",
        "attempt",
        "submitted_at",
        "late_label",
        "status_label",
        "marks",
    ]
    list_filter = [
        ("assignment", RelatedDropdownFilter),
        ("assignment__course", RelatedDropdownFilter),
        GroupFilter,
        StatusFilter,
        "is_late",
    ]
    list_filter_submit = True
    search_fields = ["user__email", "user__full_name", "assignment__title"]
    ordering = ["submitted_at", "pk"]
    form = ReviewForm
    fields = [
        "user",
        "assignment",
        "attempt",
        "submitted_at",
        "is_late",
        "answer",
        "files_inline",
        "history",
        "marks",
        "feedback",
    ]
    readonly_fields = [
        "user",
        "assignment",
        "attempt",
        "submitted_at",
        "is_late",
        "answer",
        "files_inline",
        "history",
    ]
    change_form_before_template = "admin_ext/assignments/review_navigation.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            selectors.submissions_for_staff(user=request.user)
            .filter(is_latest=True)
            .select_related("user", "assignment__course")
        )

    def get_form(self, request, obj=None, **kwargs):
        # The rubric's fields are added by the form itself, per assignment.
        kwargs["fields"] = ["marks", "feedback"]
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        fields = list(self.fields)
        if obj is not None:
            fields += [f"criterion_{c.pk}" for c in obj.assignment.criteria.all()]
        return fields

    def has_module_permission(self, request) -> bool:
        return is_author(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return _can_work_on(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return _can_work_on(request, obj)

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @display(description=_("Course"), ordering="assignment__course")
    def course(self, obj: Submission):
        return obj.assignment.course

    @display(description=_("Late"), label={True: "warning", False: "info"}, boolean=False)
    def late_label(self, obj: Submission):
        return (True, _("Late")) if obj.is_late else (False, _("On time"))

    @display(description=_("Status"), label={"awaiting": "warning", "reviewed": "success"})
    def status_label(self, obj: Submission):
        return ("reviewed", _("Reviewed")) if obj.is_reviewed else ("awaiting", _("Awaiting"))

    @display(description=_("Answer"))
    def answer(self, obj: Submission):
        return format_html('<div class="whitespace-pre-line">{}</div>', obj.text or "—")

    @display(description=_("Files"))
    def files_inline(self, obj: Submission):
        """Each file through the permission-checked file view: PDFs and images shown in the
        page, others linked."""
        parts = []
        for file in obj.files.all():
            url = reverse("student_pwa:submission_file", args=[file.pk])
            name = str(file)
            lower = name.lower()
            if lower.endswith(".pdf"):
                parts.append(
                    format_html(
                        '<p><a href="{}">{}</a></p><iframe src="{}" title="{}" '
                        'style="width:100%;height:32rem;border:1px solid #ccc"></iframe>',
                        url,
                        name,
                        url,
                        name,
                    )
                )
            elif lower.endswith((".png", ".jpg", ".jpeg")):
                parts.append(
                    format_html(
                        '<p><a href="{}">{}</a></p><img src="{}" alt="{}" style="max-width:100%">',
                        url,
                        name,
                        url,
                        name,
                    )
                )
            else:
                parts.append(format_html('<p><a href="{}">{}</a></p>', url, name))
        return format_html_join("", "{}", ((part,) for part in parts)) or "—"

    @display(description=_("Earlier attempts"))
    def history(self, obj: Submission):
        earlier = obj.assignment.submissions.filter(user=obj.user, attempt__lt=obj.attempt)
        rows = [(s.attempt, s.submitted_at, s.text[:200]) for s in earlier.order_by("-attempt")]
        if not rows:
            return "—"
        return format_html_join("", "<p>#{} · {} · {}</p>", rows)

    def save_model(self, request, obj: Submission, form, change) -> None:
        services.submission_review(
            acting_user=request.user,
            request=request,
            submission=obj,
            marks=form.cleaned_data["marks"],
            feedback=form.cleaned_data.get("feedback", ""),
            rubric_points=form.rubric_points(),
        )

    def _queue(self, request: HttpRequest) -> QuerySet:
        """The list as the reviewer filtered it (the filters the change page preserves)."""
        filtered = copy(request)
        filtered.GET = QueryDict(request.GET.get("_changelist_filters", ""))
        return self.get_changelist_instance(filtered).get_queryset(filtered)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        submission = self.get_object(request, object_id)
        if submission is not None and self.has_view_permission(request, submission):
            previous, following = selectors.review_neighbours(
                queryset=self._queue(request), submission=submission
            )
            query = request.GET.urlencode()

            def link(pk):
                if pk is None:
                    return None
                url = reverse("admin:assignments_submission_change", args=[pk])
                return f"{url}?{query}" if query else url

            extra_context.update(previous_url=link(previous), next_url=link(following))
        return super().change_view(request, object_id, form_url, extra_context)

    def response_change(self, request, obj):
        if "_continue" not in request.POST and "_addanother" not in request.POST:
            _previous, following = selectors.review_neighbours(
                queryset=self._queue(request), submission=obj
            )
            if following is not None:
                self.message_user(
                    request, _("Review saved; here is the next one."), messages.SUCCESS
                )
                url = reverse("admin:assignments_submission_change", args=[following])
                query = request.GET.urlencode()
                return HttpResponseRedirect(f"{url}?{query}" if query else url)
        return super().response_change(request, obj)


# --- Daily work ----------------------------------------------------------------------------


@admin.register(DailyEntry)
class DailyEntryAdmin(PermissionByObject, ConsoleModelAdmin):
    list_display = ["local_date", "user", "excerpt", "has_file"]
    list_filter = [("user", RelatedDropdownFilter)]
    list_filter_submit = True
    search_fields = ["user__email", "user__full_name"]
    date_hierarchy = "local_date"
    ordering = ["-local_date", "user__full_name"]
    fields = ["user", "local_date", "text", "file", "created_at", "updated_at"]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request).select_related("user")
        if is_admin(request.user):
            return queryset
        if is_author(request.user):
            return queryset.filter(user__enrollments__course__instructors=request.user).distinct()
        return queryset.none()

    def has_module_permission(self, request) -> bool:
        return is_author(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        if obj is None:
            return is_author(request.user)
        return selectors.daily_entry_staff_can_view(user=request.user, entry=obj)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @display(description=_("What they did"))
    def excerpt(self, obj: DailyEntry) -> str:
        return obj.text[:120]

    @display(description=_("File"), boolean=True)
    def has_file(self, obj: DailyEntry) -> bool:
        return bool(obj.file)


# This context's entries in the console sidebar (collected by admin_ext.callbacks).
SIDEBAR = [
    {
        "order": 60,
        "title": _("Assignments"),
        "collapsible": True,
        "items": [
            {
                "title": _("Assignments"),
                "icon": "assignment",
                "link": reverse_lazy("admin:assignments_assignment_changelist"),
                "permission": AUTHORS,
            },
            {
                "title": _("Review queue"),
                "icon": "rate_review",
                "link": reverse_lazy("admin:assignments_submission_changelist"),
                "permission": AUTHORS,
            },
            {
                "title": _("Daily work"),
                "icon": "calendar_month",
                "link": reverse_lazy("admin:assignments_dailyentry_changelist"),
                "permission": AUTHORS,
            },
        ],
    },
]
