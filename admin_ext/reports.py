"""The console's reports (admins; instructors see their courses only): student progress,
course completion, attendance, performance. Each is a GET page with its filters and the
first rows, and a GET download as CSV or XLSX; a report with more rows than
LMS_REPORT_SYNC_MAX_ROWS is exported by a background job (a POST starts it), whose page
shows its progress and, when done, a download link (the file is private: only the person
who asked, or an admin, may fetch it)."""

from datetime import date

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from admin_ext.base import ConsoleModelAdmin
from lms.accounts.models import Cohort
from lms.accounts.permissions import is_admin, is_author
from lms.catalog.selectors import courses_editable_by
from lms.core.errors import ApplicationError
from lms.reports import services
from lms.reports.definitions import REPORTS, Filters, report_rows
from lms.reports.files import FORMATS, rows_write
from lms.reports.models import ReportExport
from lms.reports.selectors import report_export_get_for, report_exports_for

PREVIEW_ROWS = 100


def course_scope(user) -> list[int] | None:
    """None for admins (the academy); the courses an instructor teaches otherwise."""
    if is_admin(user):
        return None
    return list(courses_editable_by(user).values_list("pk", flat=True))


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def filters_from(query) -> Filters:
    return Filters(
        course=_int(query.get("course")),
        cohort=_int(query.get("cohort")),
        date_from=_date(query.get("from")),
        date_to=_date(query.get("to")),
    )


@admin.register(ReportExport)
class ReportExportAdmin(ConsoleModelAdmin):
    list_display = ["report", "file_format", "status", "total_rows", "created_by", "created_at"]
    list_filter = ["report", "status"]

    def get_queryset(self, request):
        return report_exports_for(user=request.user)

    def has_module_permission(self, request) -> bool:
        return is_author(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_author(request.user) and (
            obj is None or is_admin(request.user) or obj.created_by_id == request.user.pk
        )

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_urls(self):
        return [
            self.console_path(
                "reports/", require_GET(self.index_view), "reports_index", permission="view"
            ),
            self.console_path(
                "reports/<str:report>/",
                require_GET(self.report_view),
                "reports_report",
                permission="view",
            ),
            self.console_path(
                "reports/<str:report>/export/",
                require_POST(self.export_start_view),
                "reports_export_start",
                permission="view",
            ),
            self.console_path(
                "<int:export_id>/progress/",
                require_GET(self.progress_view),
                "reports_export_progress",
                permission="view",
            ),
            self.console_path(
                "<int:export_id>/download/",
                require_GET(self.download_view),
                "reports_export_download",
                permission="view",
            ),
            *super().get_urls(),
        ]

    def _context(self, request, **extra) -> dict:
        return {**self.admin_site.each_context(request), "opts": self.model._meta, **extra}

    @staticmethod
    def _report(slug: str):
        if slug not in REPORTS:
            raise Http404
        return REPORTS[slug]

    def index_view(self, request: HttpRequest) -> HttpResponse:
        return TemplateResponse(
            request,
            "admin_ext/reports/index.html",
            self._context(request, title=_("Reports"), reports=REPORTS.values()),
        )

    def report_view(self, request: HttpRequest, report: str) -> HttpResponse:
        """GET only: the filters, the row count and the first rows; `download=csv|xlsx`
        answers the file when it is small enough to write now."""
        slug = report
        report = self._report(slug)
        filters = filters_from(request.GET)
        scope = course_scope(request.user)
        total, rows = report_rows(slug=slug, filters=filters, course_ids=scope)
        download = request.GET.get("download")
        asynchronous = total > settings.LMS_REPORT_SYNC_MAX_ROWS
        if download in FORMATS and not asynchronous:
            return _file_response(
                rows_write(
                    header=[str(label) for label in report.columns],
                    rows=rows,
                    file_format=download,
                ),
                filename=f"{slug}-{timezone.localdate():%Y%m%d}.{download}",
                file_format=download,
            )
        preview = [row for _number, row in zip(range(PREVIEW_ROWS), rows, strict=False)]
        courses = courses_editable_by(request.user).order_by("title_en").only("pk", "title_en")
        return TemplateResponse(
            request,
            "admin_ext/reports/report.html",
            self._context(
                request,
                title=report.title,
                report=report,
                total=total,
                rows=preview,
                asynchronous=asynchronous,
                sync_max_rows=settings.LMS_REPORT_SYNC_MAX_ROWS,
                courses=courses,
                cohorts=Cohort.objects.order_by("name").only("pk", "name"),
                query=request.GET,
                query_string=request.GET.urlencode(),
            ),
        )

    def export_start_view(self, request: HttpRequest, report: str) -> HttpResponse:
        """POST: queue the export job with the page's filters; then its progress page."""
        slug = report
        self._report(slug)
        try:
            export = services.report_export_start(
                user=request.user,
                report=slug,
                file_format=request.POST.get("format", "csv"),
                filters=filters_from(request.POST),
                course_ids=course_scope(request.user),
            )
        except ApplicationError as error:
            self.message_user(request, error.message, level="error")
            return HttpResponseRedirect(reverse("admin:reports_report", args=[slug]))
        return HttpResponseRedirect(reverse("admin:reports_export_progress", args=[export.pk]))

    def progress_view(self, request: HttpRequest, export_id: int) -> HttpResponse:
        """GET: the job's progress (htmx refreshes the bar from this same URL until done)."""
        export = report_export_get_for(user=request.user, export_id=export_id)
        if export is None:
            raise Http404
        template = "admin_ext/reports/progress.html"
        if request.headers.get("HX-Request"):
            template += "#progress"
        response = TemplateResponse(
            request,
            template,
            self._context(
                request,
                title=_("Export of “%(report)s”") % {"report": REPORTS[export.report].title},
                export=export,
            ),
        )
        response["Vary"] = "HX-Request"
        return response

    def download_view(self, request: HttpRequest, export_id: int) -> HttpResponse:
        export = report_export_get_for(user=request.user, export_id=export_id)
        if export is None:
            raise Http404
        if export.status != ReportExport.Status.DONE or not export.file:
            raise PermissionDenied
        return FileResponse(
            export.file.open("rb"),
            as_attachment=True,
            filename=export.file.name.rsplit("/", 1)[-1],
            content_type=FORMATS[export.file_format],
        )


def _file_response(content: bytes, *, filename: str, file_format: str) -> HttpResponse:
    response = HttpResponse(content, content_type=FORMATS[file_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


SIDEBAR = [
    {
        "order": 80,
        "title": _("Reports"),
        "collapsible": True,
        "items": [
            {
                "title": _("Reports"),
                "icon": "analytics",
                "link": reverse_lazy("admin:reports_index"),
                "permission": "admin_ext.reports.can_see_reports",
            },
            {
                "title": _("Report exports"),
                "icon": "download",
                "link": reverse_lazy("admin:reports_reportexport_changelist"),
                "permission": "admin_ext.reports.can_see_reports",
            },
        ],
    }
]


def can_see_reports(request: HttpRequest) -> bool:
    return is_author(request.user)
