"""Question importers and exporters. Each parser turns a file's text into a `ParseResult`:
the questions it understood (`QuestionData`, line-numbered), the errors (line and message)
and the questions of a kind we do not support (title or line, and the kind), so a preview
can list everything before anything is saved. Saving is `services.bank.questions_import`."""

from collections.abc import Callable
from dataclasses import dataclass, field

from lms.assessments.services.bank import QuestionData, question_problems


@dataclass
class ParseResult:
    questions: list[QuestionData] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)  # {"line", "message"}
    unsupported: list[dict] = field(default_factory=list)  # {"title", "line", "kind"}

    def error(self, line: int, message: str) -> None:
        self.errors.append({"line": line, "message": message})

    def add(self, data: QuestionData) -> None:
        """Keep a parsed question, or its problems as errors at its line."""
        problems = question_problems(data)
        for problem in problems:
            self.error(
                data.line, f"{data.title or 'Question'}: {problem}" if data.title else problem
            )
        if not problems:
            self.questions.append(data)

    def as_dict(self) -> dict:
        return {
            "questions": [question.as_dict() for question in self.questions],
            "errors": sorted(self.errors, key=lambda error: error["line"]),
            "unsupported": self.unsupported,
        }


FORMATS = ("gift", "aiken", "csv", "xlsx")
ProgressCallback = Callable[[int], None]


class Progress:
    """Reports the percent done to `callback` each time it grows by `step` points."""

    def __init__(self, total: int, callback: ProgressCallback | None, step: int = 2) -> None:
        self.total, self.callback, self.step, self.reported = max(total, 1), callback, step, 0

    def update(self, done: int) -> None:
        percent = min(100, done * 100 // self.total)
        if self.callback is not None and percent >= self.reported + self.step:
            self.reported = percent
            self.callback(percent)


def parse(*, content: bytes, format: str, progress: ProgressCallback | None = None) -> ParseResult:
    """Parse an uploaded file of one of FORMATS, telling `progress` the percent done."""
    if format in ("csv", "xlsx"):
        from lms.assessments.importers.tabular import parse_tabular

        return parse_tabular(content, format=format, progress=progress)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        result = ParseResult()
        result.error(1, "The file is not UTF-8 text.")
        return result
    if format == "gift":
        from lms.assessments.importers.gift import parse_gift

        return parse_gift(text, progress=progress)
    if format == "aiken":
        from lms.assessments.importers.aiken import parse_aiken

        return parse_aiken(text, progress=progress)
    raise ValueError(f"Unknown format {format!r}")


def export(*, questions, format: str, base_path: str = "") -> tuple[bytes, list[dict]]:
    """The file of `questions` (options, tags and category loaded) in `format`, and the
    questions that format cannot hold (Aiken: single choice with one right option only)."""
    if format == "gift":
        from lms.assessments.importers.gift import export_gift

        return export_gift(questions, base_path=base_path).encode(), []
    if format == "aiken":
        from lms.assessments.importers.aiken import export_aiken

        text, skipped = export_aiken(questions)
        return text.encode(), skipped
    from lms.assessments.importers.tabular import export_tabular

    return export_tabular(questions, format=format, base_path=base_path), []
