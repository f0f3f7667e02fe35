"""Reading a people file (CSV or XLSX) into rows, and writing the template and exports.

Columns, in this order: email, full_name, role, cohorts, courses, language, timezone, phone.
Several groups are separated by ";", several course slugs by ";" or ",". Headers are matched
loosely ("Full name", "time zone", "Groups" work), unknown columns are ignored.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings
from django.utils.translation import gettext as _

from lms.core.errors import ApplicationError

COLUMNS = ["email", "full_name", "role", "cohorts", "courses", "language", "timezone", "phone"]
HEADER_ALIASES = {
    "email": "email",
    "e_mail": "email",
    "email_address": "email",
    "full_name": "full_name",
    "name": "full_name",
    "role": "role",
    "cohorts": "cohorts",
    "cohort": "cohorts",
    "cohort_names": "cohorts",
    "groups": "cohorts",
    "group": "cohorts",
    "courses": "courses",
    "course": "courses",
    "course_slugs": "courses",
    "language": "language",
    "preferred_language": "language",
    "timezone": "timezone",
    "time_zone": "timezone",
    "phone": "phone",
    "phone_number": "phone",
    "mobile": "phone",
}
EXAMPLE_ROW = {
    "email": "asha.verma@example.com",
    "full_name": "Asha Verma",
    "role": "student",
    "cohorts": "Batch 2026 A; Weekend",
    "courses": "python-basics",
    "language": "en",
    "timezone": "Asia/Kolkata",
    "phone": "+91 98765 43210",
}
FORMATS = ("csv", "xlsx")


@dataclass
class ImportRow:
    """One data row as read; `number` is its row in the spreadsheet (the header is row 1)."""

    number: int
    values: dict[str, str]
    cohorts: list[str] = field(default_factory=list)
    courses: list[str] = field(default_factory=list)

    @property
    def email(self) -> str:
        return self.values["email"].strip().lower()


def split_cohorts(cell: str) -> list[str]:
    return _unique(part.strip() for part in cell.split(";"))


def split_courses(cell: str) -> list[str]:
    return _unique(part.strip().lower() for part in re.split(r"[;,\s]+", cell))


def _unique(parts) -> list[str]:
    seen: dict[str, str] = {}
    for part in parts:
        if part and part.lower() not in seen:
            seen[part.lower()] = part
    return list(seen.values())


def _header_key(header) -> str:
    text = re.sub(r"[^a-z0-9]+", "_", str(header or "").strip().lower()).strip("_")
    return HEADER_ALIASES.get(text, "")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone number typed into a spreadsheet cell
    return str(value).strip()


def _csv_records(content: bytes):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    yield from csv.reader(io.StringIO(text, newline=""), dialect)


def _xlsx_records(content: bytes):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise ApplicationError(_("This file is not a readable XLSX workbook.")) from error
    try:
        yield from workbook.worksheets[0].iter_rows(values_only=True)
    finally:
        workbook.close()


def file_format(file_name: str) -> str:
    extension = PurePath(file_name).suffix.lower().lstrip(".")
    if extension not in FORMATS:
        raise ApplicationError(
            _("Upload a CSV or XLSX file."), code="bad_format", fields={"file": [_("CSV or XLSX.")]}
        )
    return extension


def rows_read(*, content: bytes, file_name: str) -> list[ImportRow]:
    """Every non-blank data row of the file. A file without an email column, with no rows,
    or with more rows than LMS_PEOPLE_IMPORT_MAX_ROWS is refused as a whole."""
    records = _xlsx_records(content) if file_format(file_name) == "xlsx" else _csv_records(content)
    header = next(records, None)
    keys = [_header_key(cell) for cell in header or []]
    if "email" not in keys:
        raise ApplicationError(
            _("The first row must name the columns, with at least an “email” column."),
            code="no_email_column",
        )
    positions = {key: index for index, key in reversed(list(enumerate(keys))) if key}
    rows = []
    for number, record in enumerate(records, start=2):
        cells = [_cell(value) for value in record]
        if not any(cells):
            continue
        values = {
            key: cells[index] if index < len(cells) else "" for key, index in positions.items()
        }
        values = {column: values.get(column, "") for column in COLUMNS}
        rows.append(
            ImportRow(
                number=number,
                values=values,
                cohorts=split_cohorts(values["cohorts"]),
                courses=split_courses(values["courses"]),
            )
        )
        if len(rows) > settings.LMS_PEOPLE_IMPORT_MAX_ROWS:
            raise ApplicationError(
                _("A file can hold at most %(max)d people; split it into several files.")
                % {"max": settings.LMS_PEOPLE_IMPORT_MAX_ROWS},
                code="too_many_rows",
            )
    if not rows:
        raise ApplicationError(_("The file has no rows of people."), code="empty_file")
    return rows


def table_write(*, header: list[str], records, file_format: str) -> bytes:
    """A CSV (UTF-8 with a BOM, so spreadsheet programs read accents) or XLSX file."""
    if file_format == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("people")
        sheet.append(header)
        for record in records:
            sheet.append(list(record))
        output = io.BytesIO()
        workbook.save(output)
        return output.getvalue()
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(header)
    writer.writerows(records)
    return ("\ufeff" + output.getvalue()).encode()


def template_file(*, file_format: str) -> bytes:
    """The empty template: the columns and one example row."""
    return table_write(
        header=COLUMNS, records=[[EXAMPLE_ROW[c] for c in COLUMNS]], file_format=file_format
    )
