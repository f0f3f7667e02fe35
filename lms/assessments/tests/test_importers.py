"""Importers on hand-written GIFT and Aiken samples (every feature, and malformed input with
line-numbered errors), CSV and XLSX through django-import-export, all-or-nothing saving and
export round-trips."""

from decimal import Decimal
from pathlib import Path

import pytest

from lms.assessments.importers import export, parse
from lms.assessments.importers.tabular import COLUMNS, template_tabular
from lms.assessments.models import Category, Question
from lms.assessments.selectors import questions_in_category
from lms.assessments.services.imports import question_file_import
from lms.core.errors import ApplicationError

SAMPLES = Path(__file__).parent / "samples"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def summary(result):
    return {
        question["title"]: (
            question["category"],
            question["kind"],
            [(o["text"], o["fraction"], o["feedback"]) for o in question["options"]],
        )
        for question in result.as_dict()["questions"]
    }


def test_gift_sample_reads_every_feature():
    result = parse(content=sample("sample.gift"), format="gift")
    assert result.errors == []
    questions = summary(result)
    by_title = {q.title: q for q in result.questions}
    # $CATEGORY with $course$/top/ dropped, =/~ answers, per-answer and general feedback
    assert questions["Integer division"] == (
        "Python/Basics",
        "single",
        [
            ("3", "1", "Floor division drops the fraction."),
            ("3.5", "0", "That is 7 / 2."),
            ("4", "0", ""),
        ],
    )
    assert by_title["Integer division"].explanation == "Use // for floor division."
    assert by_title["Integer division"].line == 6  # comments and blank lines counted
    # {T} and {FALSE#wrong#right}; [plain] text is escaped
    assert questions["Truthy"][1:] == ("true_false", [("True", "1", ""), ("False", "0", "")])
    assert questions["Falsy"][2] == [
        ("True", "0", "<p>Right, it is not.</p>"),
        ("False", "1", "<p>Careful: None == 0 is False.</p>"),
    ]
    assert by_title["Falsy"].text == "<p>None equals 0 &lt;in Python&gt;.</p>"
    # weights (negative too) make a multiple-choice question; escaped = in answers
    assert questions["Pick the comparisons"] == (
        "Python/Operators",
        "multiple",
        [
            ("==", "0.5", ""),
            ("!=", "0.5", ""),
            ("=", "-0.5", "That is assignment."),
            ("===", "-0.5", ""),
        ],
    )
    # every escape, in the title, the text and the answers
    assert by_title["Escapes: all of them"].text == "Which one is written { } = ~ # : ?"
    assert questions["Escapes: all of them"][2][0] == ("a {brace}", "1", "ok")
    # a 100 % weight is the right answer of a single choice; a negative one costs marks
    assert questions["Weighted single"][1:] == (
        "single",
        [("best", "1", ""), ("bad", "-0.25", ""), ("neutral", "0", "")],
    )
    assert by_title["Missing word"].text == "Python was created by _____ van Rossum."
    # never silently dropped
    assert result.unsupported == [
        {"title": "Essay", "line": 32, "kind": "essay"},
        {"title": "Numeric", "line": 34, "kind": "numerical"},
        {"title": "Short", "line": 36, "kind": "short answer"},
        {"title": "Matching", "line": 38, "kind": "matching"},
        {"title": "", "line": 40, "kind": "description"},
    ]


def test_malformed_gift_gives_line_numbered_errors():
    result = parse(content=sample("broken.gift"), format="gift")
    assert [q.title for q in result.questions] == ["Fine"]
    assert [(e["line"], e["message"].split(":")[0]) for e in result.as_dict()["errors"]] == [
        (3, "Unclosed"),
        (5, "Bad weight"),
        (7, "No right"),
        (9, "Not an answer"),
    ]
    assert "do not match" in result.errors[0]["message"]


def test_aiken_sample_and_malformed_aiken():
    result = parse(content=sample("sample.aiken"), format="aiken")
    assert result.errors == []
    first, second = result.questions
    assert [(o.text, o.fraction) for o in first.options] == [
        ("<p>Berlin</p>", 0),
        ("<p>Paris</p>", 1),
        ("<p>Madrid</p>", 0),
    ]
    assert second.text == "<p>Which keyword defines a function<br>in Python?</p>"
    assert second.line == 7

    broken = parse(content=sample("broken.aiken"), format="aiken")
    assert broken.questions == []
    assert broken.as_dict()["errors"] == [
        {"line": 1, "message": "This question has no ANSWER: line."},
        {"line": 5, "message": "A question needs at least two options (A. …, B. …)."},
        {"line": 12, "message": "ANSWER: D is not one of A, B."},
    ]


def test_csv_rows_with_errors_name_their_line():
    header = ",".join(COLUMNS[:13])
    rows = [
        header,
        'Basics,Sum,single,1,"python, maths",<p>1 + 1?</p>,,2,100,,3,0,Too many',
        "Basics,Broken,single,2,,<p>No right</p>,,a,0,,b,0,",
        "Basics,Bad,single,x,,<p>?</p>,,a,100,,b,0,",
        "Basics,Weight,multiple,2,,<p>?</p>,,a,fifty,,b,0,",
    ]
    result = parse(content="\n".join(rows).encode(), format="csv")
    assert [q.title for q in result.questions] == ["Sum"]
    assert result.questions[0].tags == ["python", "maths"]
    assert [e["line"] for e in result.errors] == [3, 4, 5]


def test_xlsx_template_parses_into_its_example():
    result = parse(content=template_tabular(format="xlsx"), format="xlsx")
    assert result.errors == [] and len(result.questions) == 1
    question = result.questions[0]
    assert (question.category, question.difficulty, question.tags) == (
        "Python/Basics",
        1,
        ["python", "operators"],
    )
    assert [(o.text, o.fraction) for o in question.options] == [
        ("3", Decimal("1")),
        ("3.5", Decimal("0")),
    ]


def test_a_file_that_is_not_xlsx_is_one_error():
    result = parse(content=b"not a spreadsheet", format="xlsx")
    assert result.errors[0]["line"] == 1 and "XLSX" in result.errors[0]["message"]


@pytest.mark.django_db
def test_import_is_all_or_nothing_and_dry_run_saves_nothing():
    preview = question_file_import(
        content=sample("sample.gift"), format="gift", category_path="Imported", dry_run=True
    )
    assert preview.imported == 0 and len(preview.parsed.questions) == 7
    assert not Question.objects.exists()

    with pytest.raises(ApplicationError) as error:
        question_file_import(
            content=sample("broken.gift"), format="gift", category_path="Imported", dry_run=False
        )
    assert error.value.code == "import_invalid" and not Question.objects.exists()

    outcome = question_file_import(
        content=sample("sample.gift"), format="gift", category_path="Imported", dry_run=False
    )
    assert outcome.imported == 7
    assert sorted(Category.objects.values_list("path", flat=True)) == [
        "Imported",
        "Imported/Python",
        "Imported/Python/Basics",
        "Imported/Python/Operators",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("format", ["gift", "csv", "xlsx"])
def test_export_round_trips(format):
    question_file_import(
        content=sample("sample.gift"), format="gift", category_path="Bank", dry_run=False
    )
    base = Category.objects.get(path="Bank")
    questions = list(questions_in_category(category=base))
    content, skipped = export(questions=questions, format=format, base_path="Bank")
    assert skipped == []
    again = parse(content=content, format=format)
    assert again.errors == [] and again.unsupported == []
    original = parse(content=sample("sample.gift"), format="gift")

    def comparable(result):
        return sorted(
            (
                q.category,
                q.title,
                q.kind,
                q.text,
                q.explanation,
                [(o.text, o.fraction, o.feedback) for o in q.options],
            )
            for q in result.questions
        )

    assert comparable(again) == comparable(original)


@pytest.mark.django_db
def test_aiken_export_round_trips_and_reports_what_it_cannot_hold():
    question_file_import(
        content=sample("sample.aiken") + b"\n\n", format="aiken", category_path="A", dry_run=False
    )
    question_file_import(
        content=sample("sample.gift"), format="gift", category_path="A", dry_run=False
    )
    questions = list(questions_in_category(category=Category.objects.get(path="A")))
    content, skipped = export(questions=questions, format="aiken")
    again = parse(content=content, format="aiken")
    assert again.errors == []
    texts = {q.text for q in again.questions}
    assert "<p>What is the capital of France?</p>" in texts
    assert {s["title"] for s in skipped} >= {"Truthy", "Pick the comparisons", "Weighted single"}
