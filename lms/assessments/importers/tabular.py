"""CSV and XLSX through django-import-export (its file formats and a Resource for export
and the template). One row per question; the columns:

| column | meaning |
| --- | --- |
| category | path below the category chosen for the import (`Loops/While`); empty: that category |
| title | short name shown in the console (optional) |
| kind | `single`, `multiple` or `true_false` |
| difficulty | 1 easy, 2 medium (default), 3 hard |
| tags | comma-separated |
| text | the question (HTML allowed, sanitized) |
| explanation | shown in review (optional) |
| option_1 … option_8 | the options' text; empty columns are skipped |
| fraction_1 … fraction_8 | percent of the mark: `100`, `50`, `0` (default), `-25` |
| feedback_1 … feedback_8 | shown with that option in review (optional) |

Errors name the row as a line number of the file (the header is line 1). A text cell that
starts with `=`, `+`, `-` or `@` is exported with a leading apostrophe (so a spreadsheet does
not run it as a formula), and one leading apostrophe is dropped on import.
"""

from decimal import Decimal, InvalidOperation

from import_export import fields, resources
from import_export.formats.base_formats import CSV, XLSX

from lms.assessments.importers import ParseResult, Progress, ProgressCallback
from lms.assessments.models import Difficulty, Question
from lms.assessments.services.bank import OptionData, QuestionData

MAX_OPTIONS = 8
FORMULA_STARTS = ("=", "+", "-", "@")
NUMBER_COLUMNS = {"difficulty", *(f"fraction_{index}" for index in range(1, MAX_OPTIONS + 1))}
HUNDRED = Decimal("100")
COLUMNS = [
    "category",
    "title",
    "kind",
    "difficulty",
    "tags",
    "text",
    "explanation",
    *(
        f"{name}_{index}"
        for index in range(1, MAX_OPTIONS + 1)
        for name in ("option", "fraction", "feedback")
    ),
]
FILE_FORMATS = {"csv": CSV, "xlsx": XLSX}


class QuestionResource(resources.Resource):
    """Export of questions in the import's column layout (and its empty template)."""

    def __init__(self, *, base_path: str = "") -> None:
        super().__init__()
        self.base_path = base_path
        for name in COLUMNS:
            self.fields[name] = fields.Field(attribute=None, column_name=name)

    def get_export_headers(self, selected_fields=None) -> list[str]:
        return list(COLUMNS)

    def export_resource(self, question: Question, selected_fields=None, **kwargs) -> list:
        path = question.category.path
        if self.base_path and (path == self.base_path or path.startswith(self.base_path + "/")):
            path = path[len(self.base_path) :].lstrip("/")
        row = [
            path,
            question.title,
            question.kind,
            question.difficulty,
            ", ".join(tag.name for tag in question.tags.all()),
            question.text,
            question.explanation,
        ]
        options = list(question.options.all())[:MAX_OPTIONS]
        for index in range(MAX_OPTIONS):
            if index < len(options):
                option = options[index]
                row += [
                    option.text,
                    f"{(option.fraction * HUNDRED).normalize():f}",
                    option.feedback,
                ]
            else:
                row += ["", "", ""]
        return [
            f"'{value}"
            if isinstance(value, str)
            and value.startswith(FORMULA_STARTS)
            and name not in NUMBER_COLUMNS
            else value
            for name, value in zip(COLUMNS, row, strict=True)
        ]


def export_tabular(questions, *, format: str, base_path: str = "") -> bytes:
    dataset = QuestionResource(base_path=base_path).export(queryset=questions)
    data = FILE_FORMATS[format]().export_data(dataset)
    return data.encode("utf-8") if isinstance(data, str) else data


def template_tabular(*, format: str) -> bytes:
    """The columns and one example row, to fill in."""
    import tablib

    example = {
        "category": "Python/Basics",
        "title": "Integer division",
        "kind": "single",
        "difficulty": 1,
        "tags": "python, operators",
        "text": "<p>What is <code>7 // 2</code>?</p>",
        "explanation": "<p>Floor division drops the fraction.</p>",
        "option_1": "3",
        "fraction_1": "100",
        "option_2": "3.5",
        "fraction_2": "0",
        "feedback_2": "That is 7 / 2.",
    }
    dataset = tablib.Dataset(headers=COLUMNS)
    dataset.append([example.get(name, "") for name in COLUMNS])
    data = FILE_FORMATS[format]().export_data(dataset)
    return data.encode("utf-8") if isinstance(data, str) else data


def _cell(row: dict, name: str) -> str:
    value = row.get(name)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text[1:] if text.startswith("'") and name not in NUMBER_COLUMNS else text


def parse_tabular(
    content: bytes, *, format: str, progress: ProgressCallback | None = None
) -> ParseResult:
    result = ParseResult()
    file_format = FILE_FORMATS[format]()
    try:
        data = content.decode("utf-8-sig") if format == "csv" else content
        dataset = file_format.create_dataset(data)
    except Exception as error:  # a file that is not what it says: one clear error
        result.error(1, f"The file cannot be read as {format.upper()}: {error}")
        return result
    headers = [str(header or "").strip().lower() for header in dataset.headers or []]
    missing = [name for name in ("kind", "text", "option_1", "option_2") if name not in headers]
    if missing:
        result.error(1, f"Missing columns: {', '.join(missing)}. Download the template.")
        return result
    tracker = Progress(len(dataset), progress)
    for number, values in enumerate(dataset, start=2):
        tracker.update(number - 1)
        row = dict(zip(headers, values, strict=False))
        if not any(_cell(row, name) for name in headers):
            continue
        _row_parse(result, row, line=number)
    return result


def _row_parse(result: ParseResult, row: dict, *, line: int) -> None:
    options = []
    for index in range(1, MAX_OPTIONS + 1):
        text = _cell(row, f"option_{index}")
        if not text:
            continue
        raw = _cell(row, f"fraction_{index}").rstrip("%") or "0"
        try:
            fraction = Decimal(raw.replace(",", ".")) / HUNDRED
        except InvalidOperation:
            result.error(line, f"fraction_{index}: “{raw}” is not a percent.")
            return
        options.append(OptionData(text, fraction, _cell(row, f"feedback_{index}")))
    difficulty_raw = _cell(row, "difficulty") or str(Difficulty.MEDIUM.value)
    try:
        difficulty = int(difficulty_raw)
    except ValueError:
        result.error(line, f"difficulty: “{difficulty_raw}” is not 1, 2 or 3.")
        return
    title = _cell(row, "title")
    result.add(
        QuestionData(
            kind=_cell(row, "kind").lower() or "single",
            text=_cell(row, "text"),
            options=options,
            title=title,
            explanation=_cell(row, "explanation"),
            difficulty=difficulty,
            tags=[tag.strip() for tag in _cell(row, "tags").split(",") if tag.strip()],
            category=_cell(row, "category").strip("/"),
            line=line,
        )
    )
