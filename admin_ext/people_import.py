"""The console's people import and export (admins only).

Import: upload a CSV/XLSX (unfold's import form), see the preview of every row, then import
the valid rows or nothing unless all are valid. Large files run as a background job, with a
progress bar that htmx refreshes from the same page URL. Export: django-import-export with
the same columns, so an exported file can be edited and imported back.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from import_export import fields, resources
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV, XLSX
from unfold.contrib.import_export.forms import ExportForm, ImportForm
from unfold.decorators import action
from unfold.widgets import UnfoldAdminRadioSelectWidget, UnfoldBooleanSwitchWidget

from lms.accounts.models import User
from lms.accounts.permissions import is_admin
from lms.core.errors import ApplicationError
from lms.learning.models import ACCESS_STATUSES, Enrollment
from lms.people import services
from lms.people.models import UserImport
from lms.people.parsing import COLUMNS, table_write, template_file

PREVIEW_OTHER_ROWS = 200
TEMPLATE_NAME = "admin_ext/people_import/{}.html"
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class UserResource(resources.ModelResource):
    """People in the import's columns; `cohorts` and `courses` are separated by "; "."""

    language = fields.Field(attribute="preferred_language", column_name="language")
    cohorts = fields.Field(column_name="cohorts")
    courses = fields.Field(column_name="courses")

    class Meta:
        model = User
        fields = COLUMNS
        export_order = COLUMNS

    def dehydrate_cohorts(self, user: User) -> str:
        return "; ".join(cohort.name for cohort in user.cohorts.all())

    def dehydrate_courses(self, user: User) -> str:
        return "; ".join(e.course.slug for e in user.access_enrollments)


class PeopleImportForm(ImportForm):
    update_existing = forms.BooleanField(
        label=_("Update people who already have an account"),
        required=False,
        widget=UnfoldBooleanSwitchWidget,
        help_text=_("Otherwise they are left as they are."),
    )
    create_cohorts = forms.BooleanField(
        label=_("Create missing groups"),
        required=False,
        widget=UnfoldBooleanSwitchWidget,
        help_text=_("Otherwise a row naming an unknown group is refused."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__([CSV, XLSX], [UserResource], *args, **kwargs)
        self.fields["format"].required = False  # read from the file's name
        self.fields["import_file"].label = _("CSV or XLSX file")


class ImportConfirmForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("What to import"),
        choices=[
            ("valid", _("Import the valid rows")),
            ("all", _("Import nothing unless all rows are valid")),
        ],
        initial="valid",
        widget=UnfoldAdminRadioSelectWidget,
    )
    send_welcome = forms.BooleanField(
        label=_("Email new people a link to choose their password"),
        required=False,
        initial=True,
        widget=UnfoldBooleanSwitchWidget,
    )


def _require_admin(request: HttpRequest) -> None:
    if not is_admin(request.user):
        raise PermissionDenied


class PeopleImportExportMixin(ExportMixin):
    """Adds the Import button and pages, and Export, to the people list."""

    resource_classes = [UserResource]
    export_form_class = ExportForm
    actions_list = ["import_people"]

    def get_export_queryset(self, request: HttpRequest):
        access = Enrollment.objects.filter(status__in=ACCESS_STATUSES).select_related("course")
        return (
            super()
            .get_export_queryset(request)
            .prefetch_related(
                "cohorts", Prefetch("enrollments", queryset=access, to_attr="access_enrollments")
            )
        )

    @action(description=_("Import"), icon="upload", permissions=["import_people"])
    def import_people(self, request: HttpRequest) -> HttpResponseRedirect:
        return HttpResponseRedirect(reverse("admin:accounts_user_import"))

    def has_import_people_permission(self, request: HttpRequest) -> bool:
        return is_admin(request.user)

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(function)

        return [
            path("import/", view(self.import_view), name="accounts_user_import"),
            path(
                "import/template.<str:file_format>",
                view(self.import_template_view),
                name="accounts_user_import_template",
            ),
            path(
                "import/<int:pk>/",
                view(self.import_detail_view),
                name="accounts_user_import_detail",
            ),
            path(
                "import/<int:pk>/confirm/",
                view(self.import_confirm_view),
                name="accounts_user_import_confirm",
            ),
            path(
                "import/<int:pk>/refused.csv",
                view(self.import_refused_view),
                name="accounts_user_import_refused",
            ),
            *super().get_urls(),
        ]

    def _context(self, request: HttpRequest, title, **extra) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            **extra,
        }

    @staticmethod
    def _detail_url(user_import: UserImport) -> str:
        return reverse("admin:accounts_user_import_detail", args=[user_import.pk])

    @method_decorator(require_http_methods(["GET", "POST"]))
    def import_view(self, request: HttpRequest) -> HttpResponse:
        _require_admin(request)
        form = PeopleImportForm(data=request.POST or None, files=request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["import_file"]
            try:
                user_import = services.user_import_start(
                    acting_user=request.user,
                    content=upload.read(),
                    file_name=upload.name,
                    dry_run=True,
                    update_existing=form.cleaned_data["update_existing"],
                    create_cohorts=form.cleaned_data["create_cohorts"],
                )
            except ApplicationError as error:
                form.add_error("import_file", error.message)
            else:
                return HttpResponseRedirect(self._detail_url(user_import))
        recent = UserImport.objects.select_related("created_by").defer("rows")[:10]
        context = self._context(request, _("Import people"), form=form, recent=recent)
        return render(request, TEMPLATE_NAME.format("upload"), context)

    @method_decorator(require_GET)
    def import_template_view(self, request: HttpRequest, file_format: str) -> HttpResponse:
        _require_admin(request)
        if file_format not in CONTENT_TYPES:
            raise PermissionDenied
        response = HttpResponse(template_file(file_format=file_format), CONTENT_TYPES[file_format])
        response["Content-Disposition"] = f'attachment; filename="people-template.{file_format}"'
        return response

    @method_decorator(require_GET)
    def import_detail_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Progress while a job runs (htmx polls this URL for the bar), then the preview
        with its confirm form, or the result."""
        _require_admin(request)
        user_import = get_object_or_404(UserImport, pk=pk)
        if request.htmx and user_import.finished:
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        rows = user_import.rows
        other_rows = [row for row in rows if row["status"] != "error"]
        context = self._context(
            request,
            _("Import people: %(file)s") % {"file": user_import.file_name},
            user_import=user_import,
            error_rows=[row for row in rows if row["status"] == "error"],
            other_rows=other_rows[:PREVIEW_OTHER_ROWS],
            other_truncated=len(other_rows) > PREVIEW_OTHER_ROWS,
            confirm_form=ImportConfirmForm(),
        )
        template = TEMPLATE_NAME.format("detail")
        if request.htmx:
            template += "#progress"
        response = render(request, template, context)
        response["Vary"] = "HX-Request"
        return response

    @method_decorator(require_POST)
    def import_confirm_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        _require_admin(request)
        user_import = get_object_or_404(UserImport, pk=pk)
        form = ImportConfirmForm(request.POST)
        if form.is_valid():
            try:
                services.user_import_confirm(
                    user_import=user_import,
                    acting_user=request.user,
                    update_existing=user_import.update_existing,
                    create_cohorts=user_import.create_cohorts,
                    all_or_nothing=form.cleaned_data["mode"] == "all",
                    send_welcome=form.cleaned_data["send_welcome"],
                )
            except ApplicationError as error:
                messages.error(request, error.message)
        return HttpResponseRedirect(self._detail_url(user_import))

    @method_decorator(require_GET)
    def import_refused_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The refused rows as they were read, with a last column saying why."""
        _require_admin(request)
        user_import = get_object_or_404(UserImport, pk=pk)
        records = [
            [
                row["row"],
                *(row.get("values", {}).get(c, "") for c in COLUMNS),
                " ".join(row["errors"]),
            ]
            for row in user_import.rows
            if row["status"] == "error"
        ]
        content = table_write(
            header=["row", *COLUMNS, "errors"], records=records, file_format="csv"
        )
        response = HttpResponse(content, CONTENT_TYPES["csv"])
        response["Content-Disposition"] = f'attachment; filename="refused-rows-{pk}.csv"'
        return response
