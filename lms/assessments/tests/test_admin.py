"""The console's assessment pages: the bank (category tree filter, preview, duplicate,
import with a preview, template), the builder (draw preview), results with item analysis
and CSV, regrade, an allowance for one student, and flagged attempts with their timeline."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from lms.accounts.tests.factories import StudentFactory
from lms.assessments.importers.tabular import template_tabular
from lms.assessments.models import Allowance, Attempt, DrawRule, Option, Question
from lms.assessments.selectors import assessment_results_get
from lms.assessments.services import attempts as services
from lms.assessments.tests.factories import (
    CategoryFactory,
    QuestionFactory,
    bank_fill,
    quiz_course,
    right_option,
    wrong_option,
)
from lms.assessments.tests.test_importers import sample
from lms.learning.models import Enrollment
from lms.learning.services import task_complete

pytestmark = pytest.mark.django_db


@pytest.fixture
def console(client, admin_user):
    client.force_login(admin_user)
    return client


def take(setup, student, right: int):
    Enrollment.objects.get_or_create(
        user=student, course=setup.course, defaults={"source": "admin"}
    )
    task_complete(user=student, task=setup.reading)
    attempt = services.attempt_start(user=student, assessment=setup.assessment)
    for index, slot in enumerate(attempt.questions.order_by("position")):
        pk = slot.question_id
        option = right_option(pk) if index < right else wrong_option(pk)
        services.answer_save(attempt=attempt, question_id=pk, option_ids=[option])
    return services.attempt_submit(attempt=attempt)


def test_the_bank_filters_by_a_category_subtree_and_previews(console):
    python = CategoryFactory(name="Python")
    loops = CategoryFactory(name="Loops", parent=python)
    inside = QuestionFactory(category=loops, title="Loop question Inside-42")
    QuestionFactory(category=CategoryFactory(name="Java"), title="Java question Outside-42")
    url = reverse("admin:assessments_question_changelist")
    html = console.get(url, {"category": python.pk}).content.decode()
    assert "Inside-42" in html and "Outside-42" not in html
    page = console.get(reverse("admin:assessments_question_change", args=[inside.pk]))
    assert 'data-testid="question-preview"' in page.content.decode()
    assert "Right 1" in page.content.decode()


def test_duplicate_copies_options_and_tags(console):
    question = QuestionFactory(fractions=["1", "-0.5"])
    response = console.post(
        reverse("admin:assessments_question_changelist"),
        {"action": "duplicate", "_selected_action": [question.pk]},
    )
    assert response.status_code == 302
    copy = Question.objects.exclude(pk=question.pk).get()
    assert copy.title.startswith("Copy of")
    assert list(copy.options.values_list("fraction", flat=True)) == [Decimal("1"), Decimal("-0.5")]


@pytest.mark.parametrize(
    ("name", "format", "content", "count"),
    [
        ("sample.gift", "gift", None, 7),
        ("questions.xlsx", "xlsx", template_tabular(format="xlsx"), 1),
    ],
)
def test_import_page_previews_then_imports(console, name, format, content, count):
    url = reverse("admin:assessments_question_import")
    assert console.get(url).status_code == 200
    upload = SimpleUploadedFile(name, content or sample(name))
    preview = console.post(
        url, {"file": upload, "format": format, "category": "Imported", "preview": ""}
    )
    html = preview.content.decode()
    assert 'data-testid="import-preview"' in html and not Question.objects.exists()
    token = preview.context["token"]
    done = console.post(url, {"token": token, "import": ""})
    assert done.status_code == 302
    assert Question.objects.filter(category__path__startswith="Imported").count() == count


def test_import_page_shows_line_numbered_errors_and_offers_no_import(console):
    url = reverse("admin:assessments_question_import")
    upload = SimpleUploadedFile("broken.gift", sample("broken.gift"))
    html = console.post(
        url, {"file": upload, "format": "gift", "category": "X", "preview": ""}
    ).content.decode()
    assert "Line 3:" in html and "Line 9:" in html
    assert 'name="import"' not in html


def test_the_template_downloads(console):
    response = console.get(reverse("admin:assessments_question_import_template", args=["csv"]))
    assert response.status_code == 200 and b"option_1" in response.content


def test_draw_preview_lists_one_draw(console):
    setup = quiz_course(questions=1)
    bank = CategoryFactory(name="Bank")
    bank_fill(category=bank, count=10)
    DrawRule.objects.create(assessment=setup.assessment, category=bank, count=3)
    html = console.get(reverse("admin:assessments_assessment_draw", args=[setup.assessment.pk]))
    assert html.content.decode().count("<li><a") == 4


def test_results_item_analysis_csv_and_regrade(console):
    setup = quiz_course(questions=4)
    students = StudentFactory.create_batch(4)
    for student, right in zip(students, [4, 3, 1, 0], strict=True):
        take(setup, student, right)
    results = assessment_results_get(assessment=setup.assessment)
    assert [a.percent for a in results.attempts] == [
        Decimal("100"),
        Decimal("75"),
        Decimal("25"),
        Decimal("0"),
    ]
    first = setup.assessment.fixed_questions.order_by("position").first().question_id
    item = next(i for i in results.items if i.question.pk == first)
    # every student but the last got the first question right; the best (1 attempt) did,
    # the weakest did not: discrimination 1.
    assert item.percent_correct == Decimal("75.0") and item.discrimination == Decimal("1.00")

    html = console.get(reverse("admin:assessments_assessment_results", args=[setup.assessment.pk]))
    assert 'data-testid="items"' in html.content.decode()
    rows = list(
        csv.reader(
            io.StringIO(
                console.get(
                    reverse("admin:assessments_assessment_results_csv", args=[setup.assessment.pk])
                ).content.decode()
            )
        )
    )
    assert rows[0][0] == "email" and len(rows) == 5

    # The key of the last question was wrong: fix it, regrade.
    last = setup.assessment.fixed_questions.order_by("position").last().question_id
    Option.objects.filter(question_id=last).update(fraction=Decimal("1"))
    response = console.post(
        reverse("admin:assessments_assessment_changelist"),
        {"action": "regrade", "_selected_action": [setup.assessment.pk]},
    )
    assert response.status_code == 302
    assert Attempt.objects.get(user=students[3]).percent == Decimal("25.00")


def test_extra_attempt_for_one_student(console, student):
    setup = quiz_course(student=student, attempts_allowed=1)
    take(setup, student, right=0)
    url = reverse("admin:assessments_assessment_changelist")
    form = console.post(
        url, {"action": "grant_allowance", "_selected_action": [setup.assessment.pk]}
    )
    assert form.status_code == 200
    console.post(
        url,
        {
            "action": "grant_allowance",
            "_selected_action": [setup.assessment.pk],
            "apply": "1",
            "user": student.pk,
            "extra_minutes": 0,
            "extra_attempts": 1,
        },
    )
    assert Allowance.objects.get(user=student).extra_attempts == 1
    assert services.attempt_start(user=student, assessment=setup.assessment).number == 2


def test_flagged_attempts_show_their_timeline(console, student):
    setup = quiz_course(
        student=student, kind="exam", proctoring_enabled=True, violation_threshold=2
    )
    task_complete(user=student, task=setup.reading)
    attempt = services.attempt_start(user=student, assessment=setup.assessment)
    for kind in ("tab_hidden", "paste"):
        services.proctor_event_record(attempt=attempt, kind=kind, occurred_at=timezone.now())
    listing = console.get(reverse("admin:assessments_attempt_changelist"), {"flagged__exact": "1"})
    assert (
        reverse("admin:assessments_attempt_change", args=[attempt.pk]) in listing.content.decode()
    )
    detail = console.get(
        reverse("admin:assessments_attempt_change", args=[attempt.pk])
    ).content.decode()
    assert "Tab hidden" in detail and "Paste" in detail


def test_assessment_builder_refuses_a_task_of_another_course(console):
    setup = quiz_course()
    other = quiz_course()
    data = {
        "title": "Wrong task",
        "kind": "quiz",
        "course": setup.course.pk,
        "task": other.quiz.pk,
        "attempts_allowed": 1,
        "pass_mark_percent": "50",
        "review_policy": "after_submit",
        "violation_threshold": 3,
        "fixed_questions-TOTAL_FORMS": 0,
        "fixed_questions-INITIAL_FORMS": 0,
        "draw_rules-TOTAL_FORMS": 0,
        "draw_rules-INITIAL_FORMS": 0,
    }
    other.assessment.delete()
    response = console.post(reverse("admin:assessments_assessment_add"), data)
    assert response.status_code == 200
    assert "The task belongs to another course." in response.content.decode()


def test_a_large_file_is_parsed_and_imported_by_jobs_with_progress(
    console, settings, django_capture_on_commit_callbacks
):
    from lms.assessments.models import QuestionImport

    settings.LMS_QUESTION_IMPORT_BACKGROUND_BYTES = 100
    blocks = [f"::Q{index}::{index} + 1? {{={index + 1} ~{index}}}" for index in range(300)]
    content = "\n\n".join(blocks).encode()
    url = reverse("admin:assessments_question_import")

    with django_capture_on_commit_callbacks(execute=True):
        response = console.post(
            url,
            {
                "file": SimpleUploadedFile("big.gift", content),
                "format": "gift",
                "category": "Big",
                "preview": "",
            },
        )
    job = QuestionImport.objects.get()
    assert response["Location"] == reverse("admin:assessments_question_import_job", args=[job.pk])
    assert job.status == "ready" and job.progress == 100
    assert len(job.result["questions"]) == 300 and not Question.objects.exists()
    page = console.get(response["Location"]).content.decode()
    assert 'data-status="ready"' in page and 'name="import"' in page

    with django_capture_on_commit_callbacks(execute=True):
        console.post(response["Location"], {"import": ""})
    job.refresh_from_db()
    assert job.status == "imported" and job.imported == 300
    assert Question.objects.filter(category__path="Big").count() == 300


def test_progress_is_reported_while_parsing():
    from lms.assessments.importers import parse

    blocks = [f"::Q{index}::{index} + 1? {{={index + 1} ~{index}}}" for index in range(100)]
    reports: list[int] = []
    parse(content="\n\n".join(blocks).encode(), format="gift", progress=reports.append)
    assert reports == sorted(reports) and 90 <= reports[-1] <= 100 and len(reports) > 10
