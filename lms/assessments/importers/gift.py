"""Moodle GIFT: reading and writing the choice questions we support.

Read: `// comments`, `$CATEGORY: a/b` (below the category chosen for the import; a leading
`$course$/` or `$system$/` and `top/` are dropped), `::title::`, `[html]`/`[moodle]`/
`[plain]`/`[markdown]` text formats (html and moodle are HTML, sanitized on save; plain and
markdown are escaped), answers `=right` `~wrong`, weights `~%50%` `~%-25%` (a single `=`
answer is 100 %), per-answer feedback `#...`, general feedback `####...` (kept as the
explanation), true/false `{T}` `{F}` `{TRUE}` `{FALSE}` (with `#wrong#right` feedback),
text after the answers ("missing word": a blank marks the gap), escapes `\\= \\~ \\# \\{ \\}
\\: \\\\ \\n`. One option right → single choice; several with positive weights → multiple.

Reported as unsupported, by title or line: essay `{}`, numerical `{#...}`, short answer
(only `=` answers), matching (`->`), descriptions (no answer block).
"""

import html
import re
from decimal import Decimal, InvalidOperation

from lms.assessments.importers import ParseResult, Progress, ProgressCallback
from lms.assessments.models import QuestionKind
from lms.assessments.services.bank import OptionData, QuestionData

ESCAPES = {"=": "\ue000", "~": "\ue001", "#": "\ue002", "{": "\ue003", "}": "\ue004", ":": "\ue005"}
BACKSLASH = "\ue006"
RESTORE = {value: key for key, value in ESCAPES.items()} | {BACKSLASH: "\\"}
TRUE_WORDS, FALSE_WORDS = {"T", "TRUE"}, {"F", "FALSE"}
WEIGHT = re.compile(r"^%(-?[0-9]+(?:[.,][0-9]+)?)%")
FORMAT = re.compile(r"^\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
HUNDRED = Decimal("100")
GAP = "_____"


def _protect(text: str) -> str:
    text = text.replace("\\\\", BACKSLASH).replace("\\n", "\n")
    for char, placeholder in ESCAPES.items():
        text = text.replace("\\" + char, placeholder)
    return text


def _restore(text: str) -> str:
    for placeholder, char in RESTORE.items():
        text = text.replace(placeholder, char)
    return text


def _rich(text: str, text_format: str) -> str:
    """GIFT text (protected) to the HTML we store."""
    text = _restore(text.strip())
    if text_format in ("plain", "markdown"):
        return "<p>" + html.escape(text).replace("\n", "<br>") + "</p>" if text else ""
    return text


def _blocks(text: str):
    """(first line number, lines) of each blank-line separated block, comments removed."""
    block: list[str] = []
    start = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith("//"):
            continue
        if not line.strip():
            if block:
                yield start, block
            block = []
            continue
        if not block:
            start = number
        block.append(line)
    if block:
        yield start, block


def _category(line: str) -> str:
    path = line.split(":", 1)[1].strip().strip("/")
    for prefix in ("$course$/", "$system$/", "$module$/", "$cat1$/", "$cat2$/", "$cat3$/"):
        if path.startswith(prefix):
            path = path[len(prefix) :]
    if path == "top" or path.startswith("top/"):
        path = path[4:]
    return path


def _split_feedback(answer: str) -> tuple[str, str]:
    if "#" in answer:
        text, feedback = answer.split("#", 1)
        return text, feedback
    return answer, ""


def parse_gift(text: str, *, progress: ProgressCallback | None = None) -> ParseResult:
    result = ParseResult()
    category = ""
    tracker = Progress(text.count("\n") + 1, progress)
    for line, lines in _blocks(text):
        tracker.update(line)
        if lines[0].strip().startswith("$CATEGORY:"):
            category = _category(lines[0])
            lines = lines[1:]
            line += 1
            if not lines:
                continue
        _parse_question(result, _protect("\n".join(lines)), line=line, category=category)
    return result


def _parse_question(result: ParseResult, source: str, *, line: int, category: str) -> None:
    title = ""
    match = re.match(r"^\s*::(.*?)::", source, re.DOTALL)
    if match:
        title = _restore(match.group(1)).strip()
        source = source[match.end() :]
    opening = source.find("{")
    closing = source.find("}", opening + 1) if opening >= 0 else source.find("}")
    label = title or f"line {line}"
    if opening < 0 and closing < 0:
        result.unsupported.append({"title": title, "line": line, "kind": "description"})
        return
    if opening < 0 or closing < 0:
        result.error(line, f"{label}: “{{” and “}}” do not match (escape them as \\{{ \\}}).")
        return
    if "{" in source[closing + 1 :] or "}" in source[closing + 1 :]:
        result.error(line, f"{label}: only one answer block {{…}} per question.")
        return
    before, body, after = source[:opening], source[opening + 1 : closing], source[closing + 1 :]
    text_format = "moodle"
    format_match = FORMAT.match(before.strip())
    if format_match:
        text_format = format_match.group(1).lower()
        before = before.strip()[format_match.end() :]
    question_text = before.strip() + (f" {GAP} " + after.strip() if after.strip() else "")
    data = QuestionData(
        kind=QuestionKind.SINGLE,
        text=_rich(question_text, text_format),
        options=[],
        title=title,
        category=category,
        line=line,
    )
    body, _sep, general = body.partition("####")
    data.explanation = _rich(general, text_format)
    kind = _answers(result, data, body.strip(), text_format=text_format, label=label)
    if kind is None:
        return
    if not data.title:
        data.title = re.sub(r"<[^>]+>", "", data.text)[:80]
    result.add(data)


def _answers(
    result: ParseResult, data: QuestionData, body: str, *, text_format: str, label: str
) -> str | None:
    """Fill `data`'s kind and options from the answer block; None when reported."""
    if not body:
        result.unsupported.append({"title": data.title, "line": data.line, "kind": "essay"})
        return None
    if body.startswith("#"):
        result.unsupported.append({"title": data.title, "line": data.line, "kind": "numerical"})
        return None
    word, _sep, feedback = body.partition("#")
    if word.strip().upper() in TRUE_WORDS | FALSE_WORDS:
        truth = word.strip().upper() in TRUE_WORDS
        wrong_feedback, _sep, right_feedback = feedback.partition("#")
        data.kind = QuestionKind.TRUE_FALSE
        data.options = [
            OptionData(
                "True",
                Decimal(truth),
                _rich(right_feedback if truth else wrong_feedback, text_format),
            ),
            OptionData(
                "False",
                Decimal(not truth),
                _rich(wrong_feedback if truth else right_feedback, text_format),
            ),
        ]
        return data.kind
    if body[0] not in "=~":
        result.error(data.line, f"{label}: answers start with = (right) or ~ (wrong).")
        return None
    pieces = [piece for piece in re.split(r"(?=[=~])", body) if piece.strip()]
    if any("->" in piece for piece in pieces if piece.startswith("=")):
        result.unsupported.append({"title": data.title, "line": data.line, "kind": "matching"})
        return None
    if all(piece.startswith("=") for piece in pieces):
        result.unsupported.append({"title": data.title, "line": data.line, "kind": "short answer"})
        return None
    for piece in pieces:
        sign, answer = piece[0], piece[1:].strip()
        weight = WEIGHT.match(answer)
        if weight:
            try:
                fraction = Decimal(weight.group(1).replace(",", ".")) / HUNDRED
            except InvalidOperation:  # pragma: no cover - the pattern only lets numbers in
                fraction = Decimal("0")
            answer = answer[weight.end() :].strip()
        elif answer.startswith("%"):
            result.error(data.line, f"{label}: a weight is written %50% or %-25%.")
            return None
        else:
            fraction = Decimal("1") if sign == "=" else Decimal("0")
        text, feedback = _split_feedback(answer)
        data.options.append(
            OptionData(_rich(text, text_format), fraction, _rich(feedback, text_format))
        )
    positive = [option for option in data.options if option.fraction > 0]
    data.kind = QuestionKind.MULTIPLE if len(positive) > 1 else QuestionKind.SINGLE
    return data.kind


# --- Export ---------------------------------------------------------------------------------


def _escape(text: str) -> str:
    text = text.replace("\\", "\\\\")
    for char in "=~#{}:":
        text = text.replace(char, "\\" + char)
    return text.replace("\n", "\\n")


def _weight(fraction: Decimal) -> str:
    percent = (fraction * HUNDRED).normalize()
    return f"%{percent:f}%"


def export_gift(questions, *, base_path: str = "") -> str:
    """GIFT text of `questions` (with `category`, `options` prefetched), grouped by
    category (paths relative to `base_path`), in [html] format so rich text comes back as
    it went."""
    out: list[str] = []
    current = None
    for question in questions:
        path = question.category.path
        if base_path and (path == base_path or path.startswith(base_path + "/")):
            path = path[len(base_path) :].lstrip("/")
        if path != current:
            current = path
            out.append(f"$CATEGORY: {current}\n")
        head = f"::{_escape(question.title)}::" if question.title else ""
        options = list(question.options.all())
        if question.kind == QuestionKind.TRUE_FALSE:
            right = next((o for o in options if o.fraction > 0), options[0])
            wrong = next((o for o in options if o is not right), right)
            answers = "TRUE" if right.text == "True" else "FALSE"
            if right.feedback or wrong.feedback:
                answers += f"#{_escape(wrong.feedback)}#{_escape(right.feedback)}"
        else:
            parts = []
            for option in options:
                if question.kind == QuestionKind.SINGLE and option.fraction == 1:
                    prefix = "="
                else:
                    prefix = "~" + (_weight(option.fraction) if option.fraction else "")
                feedback = f"#{_escape(option.feedback)}" if option.feedback else ""
                parts.append(f"\t{prefix}{_escape(option.text)}{feedback}")
            answers = "\n" + "\n".join(parts) + "\n"
        general = f"####{_escape(question.explanation)}" if question.explanation else ""
        out.append(f"{head}[html]{_escape(question.text)} {{{answers}{general}}}\n")
    return "\n".join(out)
