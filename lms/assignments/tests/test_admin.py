"""The console's review queue: instructors see their courses' submissions only, files are
shown inline through the permission-checked view, marks above the maximum are refused on
the form, a review moves on to the next submission; deleting an assignment with
submissions archives it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lms.accounts.tests.factories import InstructorFactory, StudentFactory
from lms.assignments.models import Assignment, RubricCriterion
from lms.assignments.tests.factories import AssignmentFactory, SubmissionFactory
from lms.catalog.tests.factories import CourseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(instructor):
    course = CourseFactory()
    course.instructors.add(instructor)
    assignment = AssignmentFactory(course=course, max_marks=10, pass_marks=5)
    first = SubmissionFactory(assignment=assignment, user=StudentFactory(full_name="Ann First"))
    second = SubmissionFactory(assignment=assignment, user=StudentFactory(full_name="Bob Second"))
    first.files.create(file=SimpleUploadedFile("work.pdf", b"%PDF-1.4 x"))
    elsewhere = SubmissionFactory(user=StudentFactory(full_name="Other Course"))
    return assignment, first, second, elsewhere


def change_url(submission):
    return reverse("admin:assignments_submission_change", args=[submission.pk])


def test_instructor_sees_only_their_courses_submissions(client, instructor, queue):
    _assignment, first, second, elsewhere = queue
    client.force_login(instructor)
    page = client.get(reverse("admin:assignments_submission_changelist")).content.decode()
    assert "Ann First" in page and "Bob Second" in page and "Other Course" not in page
    assert client.get(change_url(elsewhere)).status_code == 403


def test_review_page_shows_files_inline_and_links_to_the_next(client, instructor, queue):
    _assignment, first, second, _ = queue
    client.force_login(instructor)
    page = client.get(change_url(first)).content.decode()
    file_url = reverse("student_pwa:submission_file", args=[first.files.get().pk])
    assert f'<iframe src="{file_url}"' in page
    assert change_url(second) in page and "Next submission" in page
    assert client.get(file_url).status_code == 200
    client.force_login(InstructorFactory())
    assert client.get(file_url).status_code == 404


def test_marks_above_max_are_refused_and_a_review_moves_to_the_next(client, instructor, queue):
    assignment, first, second, _ = queue
    client.force_login(instructor)
    refused = client.post(change_url(first), {"marks": 11, "feedback": "x"})
    assert refused.status_code == 200 and "0 to 10" in refused.content.decode()
    first.refresh_from_db()
    assert first.reviewed_at is None

    criterion = RubricCriterion.objects.create(assignment=assignment, title="Style", max_points=3)
    response = client.post(
        change_url(first), {"marks": 7, "feedback": "Good", f"criterion_{criterion.pk}": 3}
    )
    assert response.status_code == 302 and response["Location"].startswith(change_url(second))
    first.refresh_from_db()
    assert (first.marks, first.feedback, first.rubric_points) == (7, "Good", {str(criterion.pk): 3})


def test_deleting_an_assignment_with_submissions_asks_then_archives(client, instructor, queue):
    assignment, *_ = queue
    client.force_login(instructor)
    url = reverse("admin:assignments_assignment_delete", args=[assignment.pk])
    question = client.get(url).content.decode()
    assert "will be archived" in question
    assert client.post(url, {"post": "yes"}).status_code == 302
    assignment.refresh_from_db()
    assert (
        assignment.archived_at is not None and Assignment.objects.filter(pk=assignment.pk).exists()
    )
