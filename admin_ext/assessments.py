"""Admin console pages of the assessments context: the question bank (category tree filter,
preview, duplicate, import with a preview, export), assessments (fixed questions, draw
rules, a preview of one draw, results with item analysis and CSV, regrade, extra time or
attempts for one student) and attempts (flagged ones with their proctoring timeline).

Admins and instructors work here (as in the catalog); an instructor sees the assessments
and attempts of the courses they teach. Every change goes through lms.assessments.services.
"""

import csv
import secrets

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse, reverse_lazy
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from unfold.admin import ModelAdmin, TabularInline
from unfold.decorators import action, display

from admin_ext.actions import bulk_action_with_form
from admin_ext.base import ConsoleAdminMixin
from admin_ext.callbacks import AUTHORS, can_author
from lms.accounts.models import Role, User
from lms.accounts.permissions import is_admin
from lms.assessments import selectors
from lms.assessments.importers import FORMATS, export
from lms.assessments.importers.tabular import template_tabular
from lms.assessments.models import (
    Assessment,
    AssessmentQuestion,
    Attempt,
    Category,
    DrawRule,
    Option,
    ProctorEvent,
    Question,
    QuestionImport,
    QuestionImportStatus,
)
from lms.assessments.services import attempts as attempt_services
from lms.assessments.services.authoring import assessment_check
from lms.assessments.services.bank import question_duplicate, questions_publish
from lms.assessments.services.imports import (
    question_file_import,
    question_import_confirm,
    question_import_queue,
)
from lms.catalog.models import Task, TaskKind
from lms.catalog.selectors import courses_editable_by
from lms.catalog.services import course_can_edit
from lms.core.errors import ApplicationError

IMPORT_CACHE_SECONDS = 30 * 60


class AuthorPermissions:
    """Admins and instructors; objects tied to a course follow `course_can_edit`."""

    def _course(self, obj):
        return getattr(obj, "course", None) or getattr(
            getattr(obj, "assessment", None), "course", None
        )

    def has_module_permission(self, request):
        return can_author(request)

    def has_view_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return can_author(request)

    def has_change_permission(self, request, obj=None):
        course = self._course(obj) if obj is not None else None
        if course is not None:
            return course_can_edit(user=request.user, course=course)
        return can_author(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)


# --- Question bank --------------------------------------------------------------------------


class CategoryTreeFilter(admin.SimpleListFilter):
    """The category tree, indented; choosing one shows its whole subtree."""

    title = _("category")
    parameter_name = "category"

    def lookups(self, request, model_admin):
        return [
            (category.pk, "\u2003" * category.path.count("/") + category.name)
            for category in Category.objects.order_by("path")
        ]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        category = Category.objects.filter(pk=self.value()).first()
        return queryset.filter(category.subtree_filter("category__")) if category else queryset


@admin.register(Category)
class CategoryAdmin(ConsoleAdminMixin, AuthorPermissions, ModelAdmin):
    list_display = ["path", "question_count"]
    search_fields = ["path"]
    fields = ["name", "parent"]

    @display(description=_("Questions"))
    def question_count(self, category: Category) -> int:
        return category.questions.count()


class OptionInline(TabularInline):
    model = Option
    fields = ["position", "text", "fraction", "feedback"]
    extra = 0
    min_num = 2

    def has_module_permission(self, request):
        return can_author(request)

    def has_view_permission(self, request, obj=None):
        return can_author(request)

    def has_add_permission(self, request, obj=None):
        return can_author(request)

    def has_change_permission(self, request, obj=None):
        return can_author(request)

    def has_delete_permission(self, request, obj=None):
        return can_author(request)


@admin.register(Question)
class QuestionAdmin(ConsoleAdminMixin, AuthorPermissions, ModelAdmin):
    list_display = ["__str__", "category", "kind", "difficulty", "is_draft", "updated_at"]
    list_filter = [CategoryTreeFilter, "is_draft", "kind", "difficulty", "tags"]
    list_select_related = ["category"]
    search_fields = ["title", "text"]
    autocomplete_fields = ["category"]
    filter_horizontal = ["tags"]
    readonly_fields = ["preview"]
    fields = [
        "category",
        "title",
        "kind",
        "difficulty",
        "is_draft",
        "tags",
        "text",
        "explanation",
        "preview",
    ]
    inlines = [OptionInline]
    actions = [
        "duplicate",
        "publish_drafts",
        "export_gift",
        "export_aiken",
        "export_csv",
        "export_xlsx",
    ]
    actions_list = ["import_questions"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @display(description=_("Preview"))
    def preview(self, question: Question) -> str:
        if not question.pk:
            return "—"
        options = format_html_join(
            "",
            "<li>{} <small>({} %)</small></li>",
            (
                (mark_safe(option.text), f"{(option.fraction * 100).normalize():f}")  # noqa: S308 (nh3 on save)
                for option in question.options.all()
            ),
        )
        return format_html(
            '<div class="prose" data-testid="question-preview">{}<ol>{}</ol>{}</div>',
            mark_safe(question.text),  # noqa: S308 (nh3 on save)
            options,
            mark_safe(question.explanation),  # noqa: S308 (nh3 on save)
        )

    @action(description=_("Duplicate selected questions"), permissions=["add"])
    def duplicate(self, request: HttpRequest, queryset: QuerySet) -> None:
        copies = [question_duplicate(question=q, created_by=request.user) for q in queryset]
        self.message_user(
            request,
            ngettext("%d question duplicated.", "%d questions duplicated.", len(copies))
            % len(copies),
        )

    @action(description=_("Publish selected drafts"), permissions=["change"])
    def publish_drafts(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = questions_publish(question_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext("%d draft published.", "%d drafts published.", count) % count,
        )

    def _export(self, queryset: QuerySet, format: str) -> HttpResponse:
        questions = queryset.select_related("category").prefetch_related("options", "tags")
        content, skipped = export(questions=questions, format=format)
        types = {
            "gift": "text/plain",
            "aiken": "text/plain",
            "csv": "text/csv",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
        extension = {"gift": "gift.txt", "aiken": "aiken.txt"}.get(format, format)
        response = HttpResponse(content, content_type=types[format])
        response["Content-Disposition"] = f'attachment; filename="questions.{extension}"'
        response["X-Skipped-Questions"] = str(len(skipped))
        return response

    @action(description=_("Export selected as GIFT"), permissions=["view"])
    def export_gift(self, request, queryset):
        return self._export(queryset, "gift")

    @action(description=_("Export selected as Aiken"), permissions=["view"])
    def export_aiken(self, request, queryset):
        return self._export(queryset, "aiken")

    @action(description=_("Export selected as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        return self._export(queryset, "csv")

    @action(description=_("Export selected as XLSX"), permissions=["view"])
    def export_xlsx(self, request, queryset):
        return self._export(queryset, "xlsx")

    @action(description=_("Import questions"), icon="upload_file", permissions=["add"])
    def import_questions(self, request: HttpRequest) -> HttpResponseRedirect:
        return HttpResponseRedirect(reverse("admin:assessments_question_import"))

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="assessments_question_import",
            ),
            path(
                "import/<int:pk>/",
                self.admin_site.admin_view(self.import_job_view),
                name="assessments_question_import_job",
            ),
            path(
                "import/template.<str:format>",
                self.admin_site.admin_view(self.template_view),
                name="assessments_question_import_template",
            ),
            *super().get_urls(),
        ]

    def import_job_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not can_author(request):
            return HttpResponse(status=403)
        return _import_job_view(self, request, pk)

    def template_view(self, request: HttpRequest, format: str) -> HttpResponse:
        if not can_author(request) or format not in ("csv", "xlsx"):
            return HttpResponse(status=404)
        response = HttpResponse(template_tabular(format=format))
        response["Content-Disposition"] = f'attachment; filename="questions-template.{format}"'
        return response

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Upload → preview (nothing saved; the file waits in the cache) → import, all or
        nothing. Both steps are POSTs."""
        if not can_author(request):
            return HttpResponse(status=403)
        form = QuestionImportForm(request.POST or None, request.FILES or None)
        preview = None
        token = request.POST.get("token", "")
        if request.method == "POST" and token and "import" in request.POST:
            stored = cache.get(f"question-import:{request.user.pk}:{token}")
            if stored is None:
                messages.error(request, _("The preview expired: upload the file again."))
            else:
                try:
                    outcome = question_file_import(dry_run=False, created_by=request.user, **stored)
                except ApplicationError as error:
                    messages.error(request, error.message)
                else:
                    cache.delete(f"question-import:{request.user.pk}:{token}")
                    messages.success(
                        request,
                        ngettext(
                            "%d question imported.", "%d questions imported.", outcome.imported
                        )
                        % outcome.imported,
                    )
                    return HttpResponseRedirect(reverse("admin:assessments_question_changelist"))
        elif (
            request.method == "POST"
            and form.is_valid()
            and (form.cleaned_data["file"].size > settings.LMS_QUESTION_IMPORT_BACKGROUND_BYTES)
        ):
            try:
                job = question_import_queue(
                    content=form.cleaned_data["file"].read(),
                    format=form.cleaned_data["format"],
                    category_path=form.cleaned_data["category"],
                    created_by=request.user,
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                return HttpResponseRedirect(
                    reverse("admin:assessments_question_import_job", args=[job.pk])
                )
        elif request.method == "POST" and form.is_valid():
            stored = {
                "content": form.cleaned_data["file"].read(),
                "format": form.cleaned_data["format"],
                "category_path": form.cleaned_data["category"],
            }
            try:
                preview = question_file_import(dry_run=True, **stored)
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                token = secrets.token_urlsafe(16)
                cache.set(
                    f"question-import:{request.user.pk}:{token}", stored, IMPORT_CACHE_SECONDS
                )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import questions"),
            "opts": self.model._meta,
            "form": form,
            "preview": preview.as_dict() if preview else None,
            "token": token if preview else "",
        }
        return TemplateResponse(request, "admin_ext/assessments/question_import.html", context)


def _import_job_view(model_admin, request: HttpRequest, pk: int) -> HttpResponse:
    """A background import: its progress (the page reloads itself while the job runs), then
    the preview with "Import all" (a POST), then the outcome."""
    job = get_object_or_404(QuestionImport, pk=pk, created_by=request.user)
    if request.method == "POST":
        try:
            question_import_confirm(job=job)
        except ApplicationError as error:
            messages.error(request, error.message)
        return HttpResponseRedirect(reverse("admin:assessments_question_import_job", args=[pk]))
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Import questions"),
        "opts": model_admin.model._meta,
        "job": job,
        "running": job.status in (QuestionImportStatus.PARSING, QuestionImportStatus.IMPORTING),
        "preview": job.result,
    }
    return TemplateResponse(request, "admin_ext/assessments/question_import_job.html", context)


class QuestionImportForm(forms.Form):
    file = forms.FileField(label=_("File"))
    format = forms.ChoiceField(
        label=_("Format"), choices=[(name, name.upper()) for name in FORMATS]
    )
    category = forms.CharField(
        label=_("Into category"),
        max_length=500,
        help_text=_("A path such as Python/Basics; created if missing."),
    )


# --- Assessments ----------------------------------------------------------------------------


class FixedQuestionInline(TabularInline):
    model = AssessmentQuestion
    fields = ["position", "question"]
    autocomplete_fields = ["question"]
    extra = 0

    def has_view_permission(self, request, obj=None):
        return can_author(request)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


class DrawRuleInline(FixedQuestionInline):
    model = DrawRule
    fields = ["position", "category", "count", "difficulty"]
    autocomplete_fields = ["category"]


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = [
            "title",
            "kind",
            "course",
            "task",
            "instructions",
            "time_limit_minutes",
            "opens_at",
            "closes_at",
            "attempts_allowed",
            "pass_mark_percent",
            "negative_marking",
            "review_policy",
            "shuffle_questions",
            "shuffle_options",
            "proctoring_enabled",
            "violation_threshold",
        ]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        candidate = Assessment(
            pk=self.instance.pk, **{name: cleaned.get(name) for name in self.Meta.fields}
        )
        try:
            assessment_check(assessment=candidate)
        except ApplicationError as error:
            for field, messages_ in error.fields.items():
                for message in messages_:
                    self.add_error(field if field in self.fields else None, message)
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from error
        return cleaned


class AllowanceForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Student"), queryset=User.objects.filter(role=Role.STUDENT).order_by("email")
    )
    extra_minutes = forms.IntegerField(label=_("Extra minutes"), min_value=0, initial=0)
    extra_attempts = forms.IntegerField(label=_("Extra attempts"), min_value=0, initial=0)


@admin.register(Assessment)
class AssessmentAdmin(ConsoleAdminMixin, AuthorPermissions, ModelAdmin):
    form = AssessmentForm
    list_display = ["title", "kind", "course", "task", "attempt_count", "flagged_count"]
    list_filter = ["kind", "course"]
    list_select_related = ["course", "task"]
    search_fields = ["title"]
    inlines = [FixedQuestionInline, DrawRuleInline]
    actions = ["regrade", "grant_allowance"]
    actions_row = ["results_link", "draw_preview_link"]
    fieldsets = [
        (None, {"fields": ["title", "kind", "course", "task", "instructions"]}),
        (
            _("Rules"),
            {
                "fields": [
                    "time_limit_minutes",
                    "opens_at",
                    "closes_at",
                    "attempts_allowed",
                    "pass_mark_percent",
                    "negative_marking",
                    "review_policy",
                    "shuffle_questions",
                    "shuffle_options",
                ]
            },
        ),
        (_("Proctoring (exams)"), {"fields": ["proctoring_enabled", "violation_threshold"]}),
    ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if is_admin(request.user):
            return queryset
        return queryset.filter(course__in=courses_editable_by(request.user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "course" and not is_admin(request.user):
            kwargs["queryset"] = courses_editable_by(request.user)
        if db_field.name == "task":
            tasks = Task.objects.filter(kind__in=[TaskKind.QUIZ, TaskKind.EXAM]).select_related(
                "lesson__module__course"
            )
            if not is_admin(request.user):
                tasks = tasks.filter(lesson__module__course__in=courses_editable_by(request.user))
            kwargs["queryset"] = tasks
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @display(description=_("Attempts"))
    def attempt_count(self, assessment: Assessment) -> int:
        return assessment.attempts.count()

    @display(description=_("Flagged"))
    def flagged_count(self, assessment: Assessment) -> int:
        return assessment.attempts.filter(flagged=True).count()

    @action(description=_("Regrade all attempts"), permissions=["change"])
    def regrade(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = sum(
            attempt_services.assessment_regrade(
                assessment=assessment, acting_user=request.user, request=request
            )
            for assessment in queryset
        )
        self.message_user(
            request, ngettext("%d attempt regraded.", "%d attempts regraded.", count) % count
        )

    @action(description=_("Extra time or attempts for one student"), permissions=["change"])
    def grant_allowance(self, request: HttpRequest, queryset: QuerySet):
        assessments = list(queryset[:2])
        if len(assessments) != 1:
            self.message_user(request, _("Select one assessment."), messages.WARNING)
            return None

        def apply(data):
            attempt_services.allowance_grant(
                assessment=assessments[0],
                user=data["user"],
                extra_minutes=data["extra_minutes"],
                extra_attempts=data["extra_attempts"],
                acting_user=request.user,
                request=request,
            )
            self.message_user(request, _("Allowance granted."), messages.SUCCESS)

        return bulk_action_with_form(
            self,
            request,
            queryset,
            form_class=AllowanceForm,
            action_name="grant_allowance",
            heading=_("Extra time or attempts for one student"),
            submit_label=_("Grant"),
            apply=apply,
        )

    @action(description=_("Results"), url_path="results-link", icon="leaderboard")
    def results_link(self, request, object_id):
        return HttpResponseRedirect(
            reverse("admin:assessments_assessment_results", args=[object_id])
        )

    @action(description=_("Preview a draw"), url_path="draw-link", icon="casino")
    def draw_preview_link(self, request, object_id):
        return HttpResponseRedirect(reverse("admin:assessments_assessment_draw", args=[object_id]))

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/results/", view(self.results_view), name="assessments_assessment_results"
            ),
            path(
                "<int:pk>/results.csv",
                view(self.results_csv),
                name="assessments_assessment_results_csv",
            ),
            path("<int:pk>/draw/", view(self.draw_view), name="assessments_assessment_draw"),
            *super().get_urls(),
        ]

    def _assessment(self, request, pk) -> Assessment:
        assessment = get_object_or_404(Assessment.objects.select_related("course"), pk=pk)
        if not self.has_view_permission(request, assessment):
            raise PermissionDenied
        return assessment

    def results_view(self, request, pk):
        assessment = self._assessment(request, pk)
        results = selectors.assessment_results_get(assessment=assessment)
        peak = max((count for _label, count in results.distribution), default=0) or 1
        context = {
            **self.admin_site.each_context(request),
            "title": _("Results: %(title)s") % {"title": assessment.title},
            "opts": self.model._meta,
            "results": results,
            "bars": [
                (label, count, round(count * 100 / peak)) for label, count in results.distribution
            ],
        }
        return TemplateResponse(request, "admin_ext/assessments/results.html", context)

    def results_csv(self, request, pk):
        assessment = self._assessment(request, pk)
        results = selectors.assessment_results_get(assessment=assessment)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="assessment-{assessment.pk}.csv"'
        writer = csv.writer(response)
        writer.writerow(
            [
                "email",
                "name",
                "attempt",
                "submitted_at",
                "score",
                "max_score",
                "percent",
                "passed",
                "flagged",
            ]
        )
        for attempt in results.attempts:
            writer.writerow(
                [
                    attempt.user.email,
                    attempt.user.full_name,
                    attempt.number,
                    attempt.submitted_at.isoformat() if attempt.submitted_at else "",
                    attempt.score,
                    attempt.max_score,
                    attempt.percent,
                    attempt.passed,
                    attempt.flagged,
                ]
            )
        return response

    def draw_view(self, request, pk):
        """One random draw as a student would get it (nothing is saved)."""
        assessment = self._assessment(request, pk)
        error, questions = "", []
        try:
            ids = attempt_services.draw_questions(assessment=assessment)
        except ApplicationError as failure:
            error = failure.message
        else:
            found = Question.objects.select_related("category").in_bulk(ids)
            questions = [found[pk] for pk in ids]
        context = {
            **self.admin_site.each_context(request),
            "title": _("One draw of %(title)s") % {"title": assessment.title},
            "opts": self.model._meta,
            "assessment": assessment,
            "questions": questions,
            "error": error,
        }
        return TemplateResponse(request, "admin_ext/assessments/draw_preview.html", context)


# --- Attempts -------------------------------------------------------------------------------


class ProctorEventInline(TabularInline):
    model = ProctorEvent
    fields = ["received_at", "occurred_at", "kind"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["received_at", "pk"]

    def has_view_permission(self, request, obj=None):
        return can_author(request)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Attempt)
class AttemptAdmin(ConsoleAdminMixin, AuthorPermissions, ModelAdmin):
    list_display = [
        "__str__",
        "status",
        "percent",
        "passed",
        "flagged",
        "violation_count",
        "started_at",
    ]
    list_filter = ["flagged", "status", "passed", "assessment"]
    list_select_related = ["assessment", "user"]
    search_fields = ["user__email", "assessment__title"]
    inlines = [ProctorEventInline]
    readonly_fields = [
        "assessment",
        "user",
        "number",
        "status",
        "started_at",
        "deadline",
        "submitted_at",
        "auto_submitted",
        "score",
        "max_score",
        "percent",
        "passed",
        "flagged",
        "violation_count",
    ]
    fields = readonly_fields

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if is_admin(request.user):
            return queryset
        return queryset.filter(assessment__course__in=courses_editable_by(request.user))

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # Read only: a grade changes through regrading, never by hand.
        return False

    def has_view_permission(self, request, obj=None):
        return AuthorPermissions.has_change_permission(self, request, obj)

    def has_delete_permission(self, request, obj=None):
        return False


# This context's entries in the console sidebar (collected by admin_ext.callbacks).
SIDEBAR = [
    {
        "order": 25,
        "title": _("Assessments"),
        "collapsible": True,
        "items": [
            {
                "title": _("Question bank"),
                "icon": "quiz",
                "link": reverse_lazy("admin:assessments_question_changelist"),
                "permission": AUTHORS,
            },
            {
                "title": _("Question categories"),
                "icon": "account_tree",
                "link": reverse_lazy("admin:assessments_category_changelist"),
                "permission": AUTHORS,
            },
            {
                "title": _("Quizzes and exams"),
                "icon": "assignment",
                "link": reverse_lazy("admin:assessments_assessment_changelist"),
                "permission": AUTHORS,
            },
            {
                "title": _("Attempts"),
                "icon": "fact_check",
                "link": reverse_lazy("admin:assessments_attempt_changelist"),
                "permission": AUTHORS,
            },
        ],
    },
]
