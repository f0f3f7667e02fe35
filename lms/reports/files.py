"""Writing a report's rows as CSV (UTF-8 with a BOM, so spreadsheet programs read accents)
or XLSX (openpyxl's write-only mode: constant memory)."""

import csv
import io
from collections.abc import Callable, Iterable

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def rows_write(
    *,
    header: list[str],
    rows: Iterable[list],
    file_format: str,
    on_row: Callable[[int], None] | None = None,
) -> bytes:
    """The file's bytes; `on_row(n)` is called after each row (progress)."""
    if file_format not in FORMATS:
        raise ValueError(file_format)
    if file_format == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("report")
        sheet.append(header)
        write = sheet.append
    else:
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(header)
        write = writer.writerow
    for number, row in enumerate(rows, start=1):
        write(["" if value is None and file_format == "csv" else value for value in row])
        if on_row:
            on_row(number)
    if file_format == "xlsx":
        output = io.BytesIO()
        workbook.save(output)
        return output.getvalue()
    return ("\ufeff" + text.getvalue()).encode()
