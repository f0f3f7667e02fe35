"""The assignments API as the issue names it: lists, submitting (multipart), reading your own
submission, daily work, the streak, and authoring (create, review) with its refusals."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from rest_framework_simplejwt.tokens import AccessToken

from lms.accounts.tests.factories import CohortFactory, InstructorFactory, StudentFactory
from lms.assignments.models import Assignment, DailyEntry, LatePolicy, Submission
from lms.assignments.tests.factories import AssignmentFactory, SubmissionFactory
from lms.catalog.models import Task, TaskKind
from lms.catalog.tests.factories import build_course
from lms.learning.models import TaskCompletion
from lms.learning.tests.factories import EnrollmentFactory, lessons_in_order, tasks_of

pytestmark = pytest.mark.django_db


def as_user(api_client, user):
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(user)}")
    return api_client


@pytest.fixture
def assignment(student, instructor):
    course = build_course(modules=1, lessons_per_module=2, tasks_per_lesson=1)
    course.instructors.add(instructor)
    EnrollmentFactory(user=student, course=course)
    task = tasks_of(lessons_in_order(course)[0])[0]
    Task.objects.filter(pk=task.pk).update(kind=TaskKind.ASSIGNMENT)
    assignment = AssignmentFactory(course=course, task=task)
    assignment.target_courses.add(course)
    return assignment


def submit(api_client, assignment, **data):
    url = reverse("api:submission-create", args=[assignment.pk])
    return api_client.post(url, data, format="multipart")


def test_submit_list_and_read_back(api_client, student, assignment):
    as_user(api_client, student)
    response = submit(
        api_client,
        assignment,
        text="My answer",
        files=[SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"), SimpleUploadedFile("b.txt", b"notes")],
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["attempt"] == 1 and len(body["files"]) == 2 and body["is_late"] is False

    listing = api_client.get(reverse("api:my-assignment-list")).json()
    assert [(item["id"], item["status"]) for item in listing] == [(assignment.pk, "submitted")]

    detail = api_client.get(reverse("api:my-submission-detail", args=[body["id"]]))
    assert detail.status_code == 200 and detail.json()["text"] == "My answer"
    file_response = api_client.get(body["files"][0])
    assert file_response.status_code == 200
    assert b"".join(file_response.streaming_content) == b"%PDF-1.4 x"


def test_refusals_store_nothing(api_client, student, assignment):
    as_user(api_client, StudentFactory())
    response = submit(api_client, assignment, text="hi")
    assert response.status_code == 403 and response.json()["error"]["code"] == "not_targeted"

    as_user(api_client, student)
    response = submit(api_client, assignment, text="x", files=[SimpleUploadedFile("a.pdf", b"MZ")])
    assert response.status_code == 400 and "files" in response.json()["error"]["fields"]

    Assignment.objects.filter(pk=assignment.pk).update(
        late_policy=LatePolicy.CLOSE, due_at=timezone.now() - dt.timedelta(hours=1)
    )
    response = submit(api_client, assignment, text="late")
    assert response.status_code == 400 and response.json()["error"]["code"] == "closed"
    assert "closed" in response.json()["error"]["message"]
    assert not Submission.objects.exists()


def test_another_students_submission_is_404(api_client, student, assignment):
    other = SubmissionFactory(assignment=assignment, user=StudentFactory())
    as_user(api_client, student)
    assert api_client.get(reverse("api:my-submission-detail", args=[other.pk])).status_code == 404


def test_authoring_create_and_review_completes_the_task(api_client, student, instructor):
    course = build_course(modules=1, lessons_per_module=1, tasks_per_lesson=1)
    course.instructors.add(instructor)
    EnrollmentFactory(user=student, course=course)
    task = tasks_of(lessons_in_order(course)[0])[0]
    Task.objects.filter(pk=task.pk).update(kind=TaskKind.ASSIGNMENT)
    cohort = CohortFactory()
    cohort.members.add(student)
    as_user(api_client, instructor)
    response = api_client.post(
        reverse("api:authoring-assignment-create"),
        {
            "course": course.pk,
            "task": task.pk,
            "title": "Build a CLI",
            "instructions": "<p>Go</p><script>x</script>",
            "due_at": (timezone.now() + dt.timedelta(days=2)).isoformat(),
            "max_marks": 10,
            "pass_marks": 5,
            "target_courses": [course.pk],
            "target_groups": [cohort.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert "<script" not in response.json()["instructions"]
    assignment = Assignment.objects.get()

    as_user(api_client, student)
    assert len(api_client.get(reverse("api:my-assignment-list")).json()) == 1
    submission_id = submit(api_client, assignment, text="done").json()["id"]

    review_url = reverse("api:authoring-submission-review", args=[submission_id])
    as_user(api_client, student)
    assert api_client.post(review_url, {"marks": 5}, format="json").status_code == 403
    as_user(api_client, InstructorFactory())
    assert api_client.post(review_url, {"marks": 5}, format="json").status_code == 404
    as_user(api_client, instructor)
    too_many = api_client.post(review_url, {"marks": 11, "feedback": "x"}, format="json")
    assert too_many.status_code == 400 and "marks" in too_many.json()["error"]["fields"]
    ok = api_client.post(review_url, {"marks": 7, "feedback": "Nice"}, format="json")
    assert ok.status_code == 200 and ok.json()["marks"] == 7
    assert TaskCompletion.objects.filter(user=student, task=task).exists()

    as_user(api_client, student)
    item = api_client.get(reverse("api:my-assignment-list")).json()[0]
    assert item["status"] == "reviewed" and item["submission"]["feedback"] == "Nice"
    assert submit(api_client, assignment, text="again").status_code == 409


def test_daily_work_today_list_and_streak(api_client, student):
    as_user(api_client, student)
    url = reverse("api:daily-work-today")
    assert api_client.put(url, {"text": "Read chapter 1"}, format="json").status_code == 201
    assert api_client.put(url, {"text": "Read chapter 1 and 2"}, format="json").status_code == 200
    assert api_client.put(url, {"text": ""}, format="json").status_code == 400
    yesterday = DailyEntry.objects.get().local_date - dt.timedelta(days=1)
    DailyEntry.objects.create(user=student, local_date=yesterday, text="earlier")

    entries = api_client.get(reverse("api:my-daily-work")).json()
    assert [(e["text"], e["editable"]) for e in entries] == [
        ("Read chapter 1 and 2", True),
        ("earlier", False),
    ]
    assert api_client.get(reverse("api:my-streak")).json() == {"current": 2, "longest": 2}


def test_the_schema_documents_every_endpoint(api_client):
    schema = api_client.get(reverse("api-schema"), HTTP_ACCEPT="application/json").content.decode()
    for path in (
        "/api/v1/me/assignments/",
        "/api/v1/assignments/{assignment_id}/submissions/",
        "/api/v1/me/submissions/{submission_id}/",
        "/api/v1/me/daily-work/",
        "/api/v1/me/daily-work/today/",
        "/api/v1/me/streak/",
        "/api/v1/authoring/assignments/",
        "/api/v1/authoring/submissions/{submission_id}/review/",
    ):
        assert path in schema
