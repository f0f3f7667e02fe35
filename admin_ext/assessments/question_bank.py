"""The question bank: categories (a tree filter), questions with their options, preview,
duplicate, publish, export, and import with a preview (small files at once, large ones as
a background job)."""

import secrets

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.cache import cache
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from unfold.admin import ModelAdmin, TabularInline
from unfold.decorators import action, display

from admin_ext.assessments.permissions import AuthorPermissions
from admin_ext.base import ConsoleAdminMixin
from admin_ext.callbacks import can_author
from lms.assessments.importers import FORMATS, export
from lms.assessments.importers.tabular import template_tabular
from lms.assessments.models import Category, Option, Question, QuestionImport, QuestionImportStatus
from lms.assessments.services.bank import question_duplicate, questions_publish
from lms.assessments.services.imports import (
    question_file_import,
    question_import_confirm,
    question_import_queue,
)
from lms.core.errors import ApplicationError

IMPORT_CACHE_SECONDS = 30 * 60


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
