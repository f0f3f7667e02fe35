"""Student app pages: my assignments (statuses, marks and feedback), the submit form and its
refusals, daily work with streak and heatmap; constant queries as lists grow."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lms.accounts.tests.factories import CohortFactory, StudentFactory
from lms.assignments.models import DailyEntry, Submission
from lms.assignments.tests.factories import AssignmentFactory, SubmissionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, student):
    client.force_login(student)
    return client


def _aimed_at(student, **fields):
    assignment = AssignmentFactory(**fields)
    assignment.target_users.add(student)
    return assignment


def test_my_assignments_shows_each_status(signed_in, student):
    pending = _aimed_at(student, title="Pending one")
    late = _aimed_at(student, title="Late one", due_at=timezone.now() - dt.timedelta(days=1))
    SubmissionFactory(assignment=late, user=student, is_late=True)
    reviewed = _aimed_at(student, title="Reviewed one", max_marks=10)
    SubmissionFactory(
        assignment=reviewed,
        user=student,
        marks=8,
        feedback="Well structured",
        reviewed_at=timezone.now(),
    )
    AssignmentFactory(title="Someone else's")

    page = signed_in.get(reverse("student_pwa:my_assignments")).content.decode()
    assert pending.title in page and late.title in page and reviewed.title in page
    assert "Someone else" not in page
    assert "Pending" in page and "Late" in page and "8 / 10" in page and "Well structured" in page


def test_submit_form_stores_a_submission_and_refuses_a_bad_file(signed_in, student):
    assignment = _aimed_at(student)
    url = reverse("student_pwa:assignment_detail", args=[assignment.pk])
    bad = signed_in.post(url, {"text": "x", "files": [SimpleUploadedFile("a.pdf", b"<html>")]})
    assert bad.status_code == 400 and "does not match" in bad.content.decode()
    assert not Submission.objects.exists()

    response = signed_in.post(
        url, {"text": "My work", "files": [SimpleUploadedFile("a.pdf", b"%PDF-1.4 ok")]}
    )
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.files.count() == 1
    page = signed_in.get(url).content.decode()
    assert "Attempt 1" in page and "Submit again" in page


def test_an_assignment_not_aimed_at_you_is_404(signed_in):
    other = AssignmentFactory()
    assert (
        signed_in.get(reverse("student_pwa:assignment_detail", args=[other.pk])).status_code == 404
    )


def test_another_students_file_is_404(client, student):
    submission = SubmissionFactory(user=StudentFactory())
    file = submission.files.create(file=SimpleUploadedFile("a.pdf", b"%PDF-1.4 secret"))
    client.force_login(student)
    assert client.get(reverse("student_pwa:submission_file", args=[file.pk])).status_code == 404
    client.force_login(submission.user)
    assert client.get(reverse("student_pwa:submission_file", args=[file.pk])).status_code == 200


def test_daily_work_page_saves_today_and_shows_streak_and_heatmap(signed_in, student):
    url = reverse("student_pwa:daily_work")
    assert signed_in.post(url, {"text": "Wrote tests"}).status_code == 302
    today = DailyEntry.objects.get().local_date
    DailyEntry.objects.create(
        user=student, local_date=today - dt.timedelta(days=1), text="Read docs"
    )
    page = signed_in.get(url).content.decode()
    assert "Current streak: 2 days" in page and "Wrote tests" in page and "Read docs" in page
    assert page.count("heatmap__day--done") == 2
    assert "<script" not in page.split("<main")[1].split("</main>")[0]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_pages_take_constant_queries_as_lists_grow(signed_in, student):
    cohort = CohortFactory()
    cohort.members.add(student)

    def add(n):
        for _ in range(n):
            assignment = AssignmentFactory()
            assignment.target_cohorts.add(cohort)
            SubmissionFactory(assignment=assignment, user=student)
        start = timezone.now().date() - dt.timedelta(days=400)
        existing = DailyEntry.objects.filter(user=student).count()
        DailyEntry.objects.bulk_create(
            DailyEntry(user=student, local_date=start + dt.timedelta(days=existing + i), text="x")
            for i in range(n)
        )

    add(1)
    few = [
        _queries(signed_in, reverse(name))
        for name in ("student_pwa:my_assignments", "student_pwa:daily_work")
    ]
    add(15)
    many = [
        _queries(signed_in, reverse(name))
        for name in ("student_pwa:my_assignments", "student_pwa:daily_work")
    ]
    assert few == many


def test_the_lesson_page_leads_to_the_assignments_and_daily_work(signed_in, student):
    from lms.catalog.models import Task, TaskKind
    from lms.catalog.tests.factories import build_course
    from lms.learning.tests.factories import EnrollmentFactory, lessons_in_order, tasks_of

    course = build_course(modules=1, lessons_per_module=1, tasks_per_lesson=2)
    EnrollmentFactory(user=student, course=course)
    lesson = lessons_in_order(course)[0]
    assignment_task, daily_task = tasks_of(lesson)
    Task.objects.filter(pk=assignment_task.pk).update(kind=TaskKind.ASSIGNMENT)
    Task.objects.filter(pk=daily_task.pk).update(kind=TaskKind.DAILY_WORK)
    page = signed_in.get(
        reverse("student_pwa:lesson_detail", args=[course.slug, lesson.pk])
    ).content.decode()
    assert f'href="{reverse("student_pwa:my_assignments")}"' in page
    assert "Write today’s entry" in page
    assert "Mark as done" not in page


def test_attachments_are_served_to_targeted_students_only(client, student):
    assignment = _aimed_at(student)
    attachment = assignment.attachments.create(
        file=SimpleUploadedFile("brief.pdf", b"%PDF-1.4 brief")
    )
    client.force_login(student)
    detail = client.get(reverse("student_pwa:assignment_detail", args=[assignment.pk]))
    url = reverse("student_pwa:assignment_attachment", args=[attachment.pk])
    assert url in detail.content.decode()
    assert client.get(url).status_code == 200
    client.force_login(StudentFactory())
    assert client.get(url).status_code == 404
