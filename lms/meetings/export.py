"""The attendance export as files: CSV streamed row by row (any size), XLSX up to
LMS_ATTENDANCE_XLSX_MAX_ROWS. Used by the console and the API, which only parse filters."""

import csv
import tempfile
from collections.abc import AsyncIterator, Iterator
from datetime import datetime

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIRequest
from django.http import FileResponse, HttpRequest, StreamingHttpResponse
from django.utils import timezone

from lms.meetings.selectors import EXPORT_HEADER, ExportFilters, attendance_export_rows

# Rows of text handed to the server at once: big enough to keep the overhead low, small
# enough that memory does not depend on the export's size.
ROWS_PER_WRITE = 500


class _Echo:
    """A file-like object whose write returns the text, so csv.writer yields lines."""

    def write(self, value: str) -> str:
        return value


def csv_chunks(filters: ExportFilters, *, at: datetime | None = None) -> Iterator[str]:
    writer = csv.writer(_Echo())
    batch = [writer.writerow(EXPORT_HEADER)]
    for row in attendance_export_rows(filters=filters, at=at):
        batch.append(writer.writerow(row))
        if len(batch) >= ROWS_PER_WRITE:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


async def _async_chunks(chunks: Iterator[str]) -> AsyncIterator[str]:
    """Under daphne Django would read a synchronous iterator whole before sending it. The
    database cursor belongs to one thread, so every step runs in the same sync thread."""
    sentinel = object()
    step = sync_to_async(next, thread_sensitive=True)
    while (chunk := await step(chunks, sentinel)) is not sentinel:
        yield chunk


def attendance_csv_response(request: HttpRequest, filters: ExportFilters) -> StreamingHttpResponse:
    chunks = csv_chunks(filters)
    content = _async_chunks(chunks) if isinstance(request, ASGIRequest) else chunks
    response = StreamingHttpResponse(content, content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="attendance-{stamp}.csv"'
    return response


def filters_from_query(params) -> ExportFilters:
    """`from`, `to` (dates, both included, in the current time zone), `course`, `group`
    (ids) and `kind`; an empty value means no filter. Bad values: ApplicationError."""
    from datetime import date, timedelta

    from django.utils.translation import gettext as _

    from lms.core.errors import ApplicationError
    from lms.meetings.models import MeetingKind

    errors: dict[str, list[str]] = {}

    def raw(name: str) -> str | None:
        # Only an empty value means "no filter"; spaces alone are a value, and not a valid one.
        value = params.get(name) or ""
        return value.strip() if value else None

    def day(name: str) -> date | None:
        text = raw(name)
        if text is None:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            errors[name] = [_("Enter a date as YYYY-MM-DD.")]
            return None

    def number(name: str) -> int | None:
        text = raw(name)
        if text is None:
            return None
        if not text.isdigit():
            errors[name] = [_("Enter an id.")]
            return None
        return int(text)

    start, end = day("from"), day("to")
    kind = (params.get("kind") or "").strip()
    if kind and kind not in MeetingKind.values:
        errors["kind"] = [_("Unknown kind.")]
    filters = ExportFilters(
        date_from=_midnight(start) if start else None,
        date_to=_midnight(end + timedelta(days=1)) if end else None,
        course_id=number("course"),
        cohort_id=number("group"),
        kind=kind,
    )
    if errors:
        raise ApplicationError(_("Some filters are not valid."), fields=errors)
    return filters


def _midnight(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def attendance_xlsx_response(filters: ExportFilters) -> FileResponse:
    """The same rows as an XLSX workbook, for up to LMS_ATTENDANCE_XLSX_MAX_ROWS rows
    (openpyxl's write-only mode spools rows to a temporary file, but a spreadsheet is still
    built whole before it is sent, so the size is capped; the CSV has no cap). More rows:
    ApplicationError asking for the CSV or narrower filters."""
    from django.conf import settings
    from django.utils.translation import gettext as _
    from openpyxl import Workbook

    from lms.core.errors import ApplicationError

    limit = settings.LMS_ATTENDANCE_XLSX_MAX_ROWS
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Attendance")
    sheet.append(EXPORT_HEADER)
    for count, row in enumerate(attendance_export_rows(filters=filters), start=1):
        if count > limit:
            sheet.close()  # ends the sheet's XML writer (left open it fails when collected)
            raise ApplicationError(
                _("More than %(limit)d rows: download the CSV or narrow the filters.")
                % {"limit": limit},
                code="too_many_rows",
            )
        sheet.append(row)
    spool = tempfile.TemporaryFile()  # noqa: SIM115 -- FileResponse closes it once sent
    workbook.save(spool)
    spool.seek(0)
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    return FileResponse(
        spool,
        as_attachment=True,
        filename=f"attendance-{stamp}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
