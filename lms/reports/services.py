"""Report exports that run in the background: asking for one (checked, queued on commit)
and the job that writes it with its progress."""

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.core.errors import ApplicationError
from lms.reports.definitions import REPORTS, Filters, report_rows
from lms.reports.files import FORMATS, rows_write
from lms.reports.models import ReportExport


def report_export_start(
    *,
    user: User,
    report: str,
    file_format: str,
    filters: Filters,
    course_ids: list[int] | None,
) -> ReportExport:
    """Queue an export of `report` as `file_format` for `user`, over `course_ids` (None: the
    academy; the caller decides the person's scope). The job starts after the commit."""
    if report not in REPORTS:
        raise ApplicationError(_("There is no such report."))
    if file_format not in FORMATS:
        raise ApplicationError(_("Choose CSV or XLSX."))
    with transaction.atomic():
        export = ReportExport.objects.create(
            created_by=user,
            report=report,
            file_format=file_format,
            filters=filters.as_json(),
            course_ids=course_ids,
        )
        from lms.reports.tasks import report_export_run_task

        transaction.on_commit(lambda: report_export_run_task(export.pk))
    return export


def report_export_run(*, export_id: int) -> ReportExport:
    """Write the export's file, saving the count of rows written every
    LMS_REPORT_PROGRESS_EVERY rows (what the progress bar reads). A failure is recorded on
    the export (and the person sees it) rather than lost in the worker's log."""
    export = ReportExport.objects.get(pk=export_id)
    if export.finished:
        return export
    total, rows = report_rows(
        slug=export.report,
        filters=Filters.from_json(export.filters),
        course_ids=export.course_ids,
    )
    ReportExport.objects.filter(pk=export.pk).update(
        status=ReportExport.Status.RUNNING, total_rows=total
    )
    every = max(1, settings.LMS_REPORT_PROGRESS_EVERY)

    def progress(number: int) -> None:
        if number % every == 0:
            ReportExport.objects.filter(pk=export.pk).update(written_rows=number)

    try:
        content = rows_write(
            header=[str(label) for label in REPORTS[export.report].columns],
            rows=rows,
            file_format=export.file_format,
            on_row=progress,
        )
    except Exception as error:  # the person must learn that it failed
        ReportExport.objects.filter(pk=export.pk).update(
            status=ReportExport.Status.FAILED, message=str(error), finished_at=timezone.now()
        )
        raise
    with transaction.atomic():
        export = ReportExport.objects.select_for_update().get(pk=export.pk)
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        export.file.save(
            f"{export.report}-{stamp}-{export.pk}.{export.file_format}",
            ContentFile(content),
            save=False,
        )
        export.status = ReportExport.Status.DONE
        export.written_rows = total
        export.finished_at = timezone.now()
        export.save(update_fields=["file", "status", "written_rows", "finished_at"])
    return export
