"""The assessments API as the issue names it: the attempt JSON reveals nothing before the
review policy allows, other students' attempts are 404, late answers are 409."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lms.accounts.tests.factories import StudentFactory
from lms.assessments.models import Assessment, Attempt, ReviewPolicy
from lms.assessments.tests.factories import (
    CategoryFactory,
    QuestionFactory,
    quiz_course,
    right_option,
    wrong_option,
)
from lms.catalog.services import course_instructors_set
from lms.learning.services import task_complete

pytestmark = pytest.mark.django_db

SECRETS = ("fraction", "explanation", "feedback", "Count on one", "Feedback 1", '"score"')


def started(api_client, student, **settings):
    setup = quiz_course(student=student, **settings)
    task_complete(user=student, task=setup.reading)
    api_client.force_authenticate(student)
    response = api_client.post(reverse("api:attempt-start", args=[setup.assessment.pk]))
    assert response.status_code == 201, response.content
    return setup, response.json()


def assert_no_answers_in(content: bytes) -> None:
    text = content.decode()
    for secret in SECRETS:
        assert secret not in text, secret


def test_start_returns_the_questions_and_the_deadline_and_nothing_that_reveals_the_answer(
    api_client, student
):
    setup, body = started(api_client, student, time_limit_minutes=20)
    assert set(body) == {
        "id",
        "assessment_id",
        "number",
        "status",
        "started_at",
        "deadline",
        "submitted_at",
        "questions",
        "result",
        "review",
    }
    assert body["deadline"].endswith("+00:00") or body["deadline"].endswith("Z")
    attempt = Attempt.objects.get(pk=body["id"])
    assert timezone.datetime.fromisoformat(body["deadline"]) == attempt.deadline
    question = body["questions"][0]
    assert set(question) == {"id", "position", "text", "kind", "options", "selected_option_ids"}
    assert all(set(option) == {"id", "text"} for option in question["options"])
    assert body["result"] is None and body["review"] is None
    response = api_client.get(reverse("api:attempt-detail", args=[body["id"]]))
    assert_no_answers_in(response.content)


def test_answers_submit_and_review_after_submit(api_client, student):
    setup, body = started(api_client, student)
    for index, question in enumerate(body["questions"]):
        choice = right_option(question["id"]) if index < 3 else wrong_option(question["id"])
        response = api_client.put(
            reverse("api:attempt-answer", args=[body["id"], question["id"]]),
            {"option_ids": [choice]},
            format="json",
        )
        assert response.status_code == 200 and response.json()["option_ids"] == [choice]
    detail = api_client.get(reverse("api:attempt-detail", args=[body["id"]])).json()
    assert all(q["selected_option_ids"] for q in detail["questions"])
    assert detail["review"] is None

    result = api_client.post(reverse("api:attempt-submit", args=[body["id"]])).json()
    assert result["status"] == "submitted"
    assert result["result"]["percent"] == "75.00" and result["result"]["passed"] is True
    review = {q["id"]: q for q in result["review"]}
    first = body["questions"][0]["id"]
    assert review[first]["explanation"] == "<p>Count on one.</p>"
    assert {o["id"]: o["fraction"] for o in review[first]["options"]}[right_option(first)] == (
        "1.00000"
    )
    again = api_client.post(reverse("api:attempt-submit", args=[body["id"]])).json()
    assert again["submitted_at"] == result["submitted_at"]


@pytest.mark.parametrize("policy", [ReviewPolicy.NEVER, ReviewPolicy.AFTER_CLOSE])
def test_no_review_before_the_policy_allows(api_client, student, policy):
    closes_at = timezone.now() + timedelta(days=1)
    setup, body = started(api_client, student, review_policy=policy, closes_at=closes_at)
    response = api_client.post(reverse("api:attempt-submit", args=[body["id"]]))
    assert response.json()["review"] is None and response.json()["result"]["percent"] == "0.00"
    assert_no_answers_in(response.content.replace(b'"score"', b""))
    if policy == ReviewPolicy.AFTER_CLOSE:
        Assessment.objects.filter(pk=setup.assessment.pk).update(
            closes_at=timezone.now() - timedelta(seconds=1)
        )
        detail = api_client.get(reverse("api:attempt-detail", args=[body["id"]])).json()
        assert detail["review"] is not None


def test_another_students_attempt_is_404_everywhere(api_client, student):
    setup, body = started(api_client, student)
    api_client.force_authenticate(StudentFactory())
    question = body["questions"][0]["id"]
    attempt = body["id"]
    assert api_client.get(reverse("api:attempt-detail", args=[attempt])).status_code == 404
    assert (
        api_client.put(
            reverse("api:attempt-answer", args=[attempt, question]),
            {"option_ids": []},
            format="json",
        ).status_code
        == 404
    )
    assert api_client.post(reverse("api:attempt-submit", args=[attempt])).status_code == 404
    events = api_client.post(
        reverse("api:attempt-events", args=[attempt]),
        {"kind": "copy", "occurred_at": timezone.now().isoformat()},
        format="json",
    )
    assert events.status_code == 404
    assert events.json()["error"]["code"] == "not_found"


def test_an_answer_after_the_deadline_is_409_with_the_error_shape(api_client, student):
    setup, body = started(api_client, student, time_limit_minutes=1)
    Attempt.objects.filter(pk=body["id"]).update(deadline=timezone.now() - timedelta(seconds=1))
    question = body["questions"][0]["id"]
    response = api_client.put(
        reverse("api:attempt-answer", args=[body["id"], question]),
        {"option_ids": [right_option(question)]},
        format="json",
    )
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "deadline_passed" and "Time is up" in error["message"]
    assert Attempt.objects.get(pk=body["id"]).status == "submitted"


def test_proctoring_events_through_the_api(api_client, student):
    setup, body = started(
        api_client, student, kind="exam", proctoring_enabled=True, violation_threshold=1
    )
    response = api_client.post(
        reverse("api:attempt-events", args=[body["id"]]),
        {"kind": "tab_hidden", "occurred_at": timezone.now().isoformat()},
        format="json",
    )
    assert response.status_code == 201 and response.json()["kind"] == "tab_hidden"
    assert Attempt.objects.get(pk=body["id"]).flagged
    bad = api_client.post(
        reverse("api:attempt-events", args=[body["id"]]),
        {"kind": "screenshot", "occurred_at": timezone.now().isoformat()},
        format="json",
    )
    assert bad.status_code == 400


def test_staff_list_the_bank_by_category_and_students_cannot(api_client, student, instructor):
    python = CategoryFactory(name="Python")
    loops = CategoryFactory(name="Loops", parent=python)
    other = CategoryFactory(name="Java")
    QuestionFactory(category=python)
    QuestionFactory(category=loops)
    QuestionFactory(category=other)
    api_client.force_authenticate(student)
    assert api_client.get(reverse("api:authoring-questions")).status_code == 403
    api_client.force_authenticate(instructor)
    response = api_client.get(reverse("api:authoring-questions"), {"category": "Python"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert sorted(q["category"] for q in results) == ["Python", "Python/Loops"]
    assert results[0]["options"][0]["fraction"] == "1.00000"


def test_staff_create_and_change_an_assessment(api_client, admin_user, instructor):
    setup = quiz_course(questions=2)
    category = CategoryFactory(name="Exam bank")
    payload = {
        "course": setup.course.slug,
        "task": setup.quiz.pk,
        "kind": "quiz",
        "title": "Loops quiz",
        "draw_rules": [{"category": "Exam bank", "count": 5, "difficulty": 3}],
        "question_ids": [],
        "time_limit_minutes": 15,
        "pass_mark_percent": "60",
        "negative_marking": True,
        "attempts_allowed": 2,
        "review_policy": "after_close",
    }
    setup.assessment.delete()
    api_client.force_authenticate(instructor)  # does not teach this course
    assert (
        api_client.post(reverse("api:authoring-assessments"), payload, format="json").status_code
        == 403
    )
    course_instructors_set(course=setup.course, instructors=[instructor], acting_user=admin_user)
    response = api_client.post(reverse("api:authoring-assessments"), payload, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["draw_rules"] == [{"category": "Exam bank", "count": 5, "difficulty": 3}]
    assert body["negative_marking"] and body["pass_mark_percent"] == "60.00"

    response = api_client.patch(
        reverse("api:authoring-assessment", args=[body["id"]]),
        {"time_limit_minutes": 30, "kind": "exam"},
        format="json",
    )
    assert response.status_code == 400  # the task is a quiz
    assert response.json()["error"]["fields"]["kind"]
    response = api_client.patch(
        reverse("api:authoring-assessment", args=[body["id"]]),
        {"time_limit_minutes": 30},
        format="json",
    )
    assert response.status_code == 200 and response.json()["time_limit_minutes"] == 30
    assert category.pk


def test_the_schema_documents_the_endpoints(api_client):
    schema = api_client.get(reverse("api-schema"), {"format": "json"})
    paths = json.loads(schema.content)["paths"] if schema.status_code == 200 else {}
    for expected in (
        "/api/v1/assessments/{assessment_id}/attempts/",
        "/api/v1/attempts/{attempt_id}/answers/{question_id}/",
        "/api/v1/attempts/{attempt_id}/submit/",
        "/api/v1/attempts/{attempt_id}/events/",
        "/api/v1/authoring/questions/",
        "/api/v1/authoring/assessments/",
    ):
        assert expected in paths


def test_question_import_preview_then_import(api_client, instructor, student):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from lms.assessments.models import Question
    from lms.assessments.tests.test_importers import sample

    def upload(name, format, dry_run):
        return api_client.post(
            reverse("api:authoring-question-imports"),
            {
                "file": SimpleUploadedFile(name, sample(name)),
                "format": format,
                "category": "Imports/API",
                "dry_run": "true" if dry_run else "false",
            },
            format="multipart",
        )

    api_client.force_authenticate(student)
    assert upload("sample.gift", "gift", True).status_code == 403
    api_client.force_authenticate(instructor)
    preview = upload("sample.gift", "gift", True)
    assert preview.status_code == 200
    body = preview.json()
    assert set(body) == {"questions", "errors", "unsupported", "imported"}
    assert len(body["questions"]) == 7 and body["imported"] == 0
    assert {"title": "Essay", "line": 32, "kind": "essay"} in body["unsupported"]
    assert not Question.objects.exists()

    broken = upload("broken.gift", "gift", False)
    assert broken.status_code == 400
    assert broken.json()["error"]["code"] == "import_invalid"
    assert [e["line"] for e in broken.json()["errors"]] == [3, 5, 7, 9]
    assert not Question.objects.exists()

    done = upload("sample.gift", "gift", False)
    assert done.status_code == 201 and done.json()["imported"] == 7
    assert Question.objects.filter(category__path__startswith="Imports/API").count() == 7
