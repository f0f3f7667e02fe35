"""The attendance export as files: CSV streamed row by row (any size), XLSX up to
ATTENDANCE_XLSX_MAX_ROWS. Used by the console and the API, which only parse filters."""

import csv
from collections.abc import AsyncIterator, Iterator
from datetime import datetime

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpRequest, StreamingHttpResponse
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

    def day(name: str) -> date | None:
        text = (params.get(name) or "").strip()
        if not text:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            errors[name] = [_("Enter a date as YYYY-MM-DD.")]
            return None

    def number(name: str) -> int | None:
        text = (params.get(name) or "").strip()
        if not text:
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
