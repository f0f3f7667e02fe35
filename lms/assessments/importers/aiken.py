"""Aiken: single-choice questions, one per block.

    What is 2 + 2?
    A. 3
    B) 4
    ANSWER: B

The question may span several lines before the first option; options are a capital letter
followed by `.` or `)`; `ANSWER:` names the right one. Errors carry the line they are on.
"""

import html
import re
from decimal import Decimal

from lms.assessments.importers import ParseResult, Progress, ProgressCallback
from lms.assessments.models import QuestionKind
from lms.assessments.services.bank import OptionData, QuestionData

OPTION = re.compile(r"^([A-Z])[.)]\s+(.*\S)\s*$")
ANSWER = re.compile(r"^ANSWER\s*:\s*(\S*)\s*$", re.IGNORECASE)


def _html(text: str) -> str:
    return "<p>" + html.escape(text).replace("\n", "<br>") + "</p>"


def parse_aiken(text: str, *, progress: ProgressCallback | None = None) -> ParseResult:
    result = ParseResult()
    question: list[str] = []
    options: list[tuple[str, str]] = []
    start = 0

    def finish(line: int, answer: str) -> None:
        letters = [letter for letter, _text in options]
        if not question:
            result.error(line, "An answer without a question.")
        elif len(options) < 2:
            result.error(start, "A question needs at least two options (A. …, B. …).")
        elif answer not in letters:
            result.error(line, f"ANSWER: {answer or '(empty)'} is not one of {', '.join(letters)}.")
        else:
            question_text = "\n".join(question)
            result.add(
                QuestionData(
                    kind=QuestionKind.SINGLE,
                    text=_html(question_text),
                    title=question[0][:80],
                    options=[
                        OptionData(_html(option), Decimal(letter == answer))
                        for letter, option in options
                    ],
                    line=start,
                )
            )

    lines = text.splitlines()
    tracker = Progress(len(lines), progress)
    for number, raw in enumerate(lines, start=1):
        tracker.update(number)
        line = raw.strip()
        if not line:
            if options:  # a block ended without its ANSWER: line
                result.error(start, "This question has no ANSWER: line.")
                question, options = [], []
            continue
        answer = ANSWER.match(line)
        option = OPTION.match(line)
        if answer:
            finish(number, answer.group(1).upper())
            question, options = [], []
        elif option and question:
            letter = option.group(1)
            if options and letter in {existing for existing, _text in options}:
                result.error(number, f"Option {letter} appears twice.")
            options.append((letter, option.group(2)))
        elif options:
            result.error(number, "Expected another option or the ANSWER: line.")
        else:
            if not question:
                start = number
            question.append(line)
    if question:
        result.error(start, "This question has no ANSWER: line.")
    return result


def export_aiken(questions) -> tuple[str, list[dict]]:
    """Aiken text of the single-choice questions whose right option is worth 100 %; the
    others are returned as skipped (Aiken cannot say them)."""
    out, skipped = [], []
    for question in questions:
        options = list(question.options.all())
        right = [index for index, option in enumerate(options) if option.fraction == 1]
        plain = [re.sub(r"<[^>]+>", "", html.unescape(option.text)).strip() for option in options]
        if (
            question.kind != QuestionKind.SINGLE
            or len(right) != 1
            or len(options) > 26
            or any(o.fraction not in (0, 1) for o in options)
        ):
            skipped.append({"title": question.title, "id": question.pk, "kind": question.kind})
            continue
        text = re.sub(r"<br\s*/?>", "\n", question.text)
        text = html.unescape(re.sub(r"<[^>]+>", "", text)).strip()
        letters = [chr(ord("A") + index) for index in range(len(options))]
        lines = [
            text,
            *(f"{letter}. {option}" for letter, option in zip(letters, plain, strict=True)),
        ]
        lines.append(f"ANSWER: {letters[right[0]]}")
        out.append("\n".join(lines))
    return "\n\n".join(out) + "\n", skipped
