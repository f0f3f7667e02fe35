"""Submitting, resubmitting, reviewing and completing the linked roadmap task; daily
entries; the refusals that store nothing."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lms.accounts.tests.factories import InstructorFactory, StudentFactory
from lms.assignments import selectors, services
from lms.assignments.events import AssignmentPosted, DailyWorkSubmitted, SubmissionReviewed
from lms.assignments.models import (
    Assignment,
    DailyEntry,
    LatePolicy,
    RubricCriterion,
    Submission,
    SubmissionFile,
)
from lms.assignments.tests.factories import AssignmentFactory
from lms.catalog.models import Task, TaskKind
from lms.catalog.tests.factories import build_course
from lms.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from lms.core.events import subscribe, unsubscribe
from lms.learning.models import TaskCompletion
from lms.learning.selectors import roadmap_get
from lms.learning.tests.factories import EnrollmentFactory, lessons_in_order, tasks_of

pytestmark = pytest.mark.django_db


def pdf(name="answer.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 my work", content_type="application/pdf")


@pytest.fixture
def published():
    seen = []
    for event_type in (AssignmentPosted, SubmissionReviewed, DailyWorkSubmitted):
        subscribe(event_type, seen.append)
    yield seen
    for event_type in (AssignmentPosted, SubmissionReviewed, DailyWorkSubmitted):
        unsubscribe(event_type, seen.append)


@pytest.fixture
def setting(student, instructor):
    """A course taught by `instructor`; lesson 1's only task is an assignment task; lesson 2
    stays locked until it is done. The assignment targets the course."""
    course = build_course(modules=1, lessons_per_module=2, tasks_per_lesson=1)
    course.instructors.add(instructor)
    EnrollmentFactory(user=student, course=course)
    first, second = lessons_in_order(course)
    task = tasks_of(first)[0]
    Task.objects.filter(pk=task.pk).update(kind=TaskKind.ASSIGNMENT)
    task.refresh_from_db()
    assignment = AssignmentFactory(course=course, task=task, max_marks=10, pass_marks=6)
    assignment.target_courses.add(course)
    return assignment, second


def test_assignment_save_sanitizes_and_publishes(
    instructor, published, django_capture_on_commit_callbacks
):
    course = build_course(modules=1, lessons_per_module=1, tasks_per_lesson=1)
    course.instructors.add(instructor)
    assignment = Assignment(
        course=course,
        title="Essay",
        instructions='<p>Write</p><script>alert(1)</script><a href="javascript:x">x</a>',
        due_at=timezone.now() + dt.timedelta(days=1),
        max_marks=20,
        pass_marks=10,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.assignment_save(acting_user=instructor, assignment=assignment, attachments=[pdf()])
    assert "<script" not in assignment.instructions and "javascript" not in assignment.instructions
    assert assignment.attachments.count() == 1
    assert published == [AssignmentPosted(assignment_id=assignment.pk, course_id=course.pk)]


def test_another_instructor_cannot_create_and_pass_above_max_is_refused(instructor):
    course = build_course(modules=1, lessons_per_module=1, tasks_per_lesson=1)
    assignment = Assignment(
        course=course, title="x", due_at=timezone.now(), max_marks=5, pass_marks=1
    )
    with pytest.raises(PermissionDeniedError):
        services.assignment_save(acting_user=InstructorFactory(), assignment=assignment)
    course.instructors.add(instructor)
    assignment.pass_marks = 6
    with pytest.raises(ApplicationError) as error:
        services.assignment_save(acting_user=instructor, assignment=assignment)
    assert "pass_marks" in error.value.fields
    assert not Assignment.objects.exists()


def test_submit_resubmit_keeps_history_until_reviewed(student, instructor, setting):
    assignment, _ = setting
    first = services.submission_create(
        user=student, assignment=assignment, text="v1", files=[pdf()]
    )
    second = services.submission_create(user=student, assignment=assignment, text="v2")
    assert (first.attempt, second.attempt) == (1, 2)
    assert list(Submission.objects.filter(is_latest=True)) == [second]
    assert (
        selectors.my_assignment_get(user=student, assignment_id=assignment.pk).status == "submitted"
    )

    services.submission_review(
        acting_user=instructor, submission=second, marks=4, feedback="Add tests"
    )
    item = selectors.my_assignment_get(user=student, assignment_id=assignment.pk)
    assert item.status == "reviewed" and item.submission.marks == 4 and not item.passed
    with pytest.raises(ConflictError):
        services.submission_create(user=student, assignment=assignment, text="v3")
    assert Submission.objects.count() == 2


def test_not_targeted_closed_and_bad_files_store_nothing(student, setting):
    assignment, _ = setting
    with pytest.raises(PermissionDeniedError):
        services.submission_create(user=StudentFactory(), assignment=assignment, text="hi")
    bad = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(ApplicationError) as error:
        services.submission_create(user=student, assignment=assignment, text="hi", files=[bad])
    assert error.value.code == "invalid_file" and "files" in error.value.fields
    assignment.late_policy = LatePolicy.CLOSE
    assignment.due_at = timezone.now() - dt.timedelta(minutes=1)
    assignment.save()
    with pytest.raises(ApplicationError) as error:
        services.submission_create(user=student, assignment=assignment, text="hi", files=[pdf()])
    assert error.value.code == "closed"
    assert not Submission.objects.exists() and not SubmissionFile.objects.exists()


def test_late_submission_is_accepted_and_marked_late(student, setting):
    assignment, _ = setting
    assignment.due_at = timezone.now() - dt.timedelta(hours=1)
    assignment.save()
    submission = services.submission_create(user=student, assignment=assignment, text="late")
    assert submission.is_late
    assert selectors.my_assignment_get(user=student, assignment_id=assignment.pk).is_late


def test_passing_review_completes_the_task_and_unlocks_the_next_lesson(
    student, instructor, setting, published, django_capture_on_commit_callbacks
):
    assignment, second = setting
    assert not roadmap_get(user=student, course=assignment.course).lesson_step(second.pk).is_open
    submission = services.submission_create(user=student, assignment=assignment, text="done")
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_review(
            acting_user=instructor, submission=submission, marks=6, feedback="Good"
        )
    assert TaskCompletion.objects.filter(user=student, task=assignment.task).exists()
    assert roadmap_get(user=student, course=assignment.course).lesson_step(second.pk).is_open
    assert published == [
        SubmissionReviewed(
            submission_id=submission.pk,
            assignment_id=assignment.pk,
            user_id=student.pk,
            marks=6,
            passed=True,
        )
    ]


def test_marks_outside_range_or_bad_rubric_are_refused(student, instructor, setting):
    assignment, _ = setting
    submission = services.submission_create(user=student, assignment=assignment, text="x")
    for marks in (11, -1, "7", None):
        with pytest.raises(ApplicationError):
            services.submission_review(acting_user=instructor, submission=submission, marks=marks)
    with pytest.raises(PermissionDeniedError):
        services.submission_review(acting_user=InstructorFactory(), submission=submission, marks=5)
    criterion = RubricCriterion.objects.create(assignment=assignment, title="Tests", max_points=4)
    with pytest.raises(ApplicationError):
        services.submission_review(
            acting_user=instructor,
            submission=submission,
            marks=None,
            rubric_points={criterion.pk: 5},
        )
    submission.refresh_from_db()
    assert submission.reviewed_at is None and not TaskCompletion.objects.exists()
    services.submission_review(
        acting_user=instructor, submission=submission, marks=None, rubric_points={criterion.pk: 3}
    )
    submission.refresh_from_db()
    assert submission.marks == 3 and submission.rubric_points == {str(criterion.pk): 3}


def test_delete_with_submissions_archives(student, instructor, setting):
    assignment, _ = setting
    services.submission_create(user=student, assignment=assignment, text="x")
    assert services.assignment_delete(acting_user=instructor, assignment=assignment) == "archived"
    assignment.refresh_from_db()
    assert assignment.archived_at is not None
    empty = AssignmentFactory(course=assignment.course)
    assert services.assignment_delete(acting_user=instructor, assignment=empty) == "deleted"
    assert not Assignment.objects.filter(pk=empty.pk).exists()


def test_daily_entry_one_per_day_editable_today_and_completes_a_daily_task(
    student, published, django_capture_on_commit_callbacks
):
    course = build_course(modules=1, lessons_per_module=1, tasks_per_lesson=2)
    EnrollmentFactory(user=student, course=course)
    Task.objects.filter(lesson__module__course=course).update(kind=TaskKind.DAILY_WORK)
    first_task, second_task = tasks_of(lessons_in_order(course)[0])
    monday = dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC)
    with django_capture_on_commit_callbacks(execute=True):
        entry, created = services.daily_entry_save(user=student, text="morning", now=monday)
        again, created_again = services.daily_entry_save(
            user=student, text="evening", now=monday + dt.timedelta(hours=8)
        )
    assert created and not created_again and again.pk == entry.pk
    assert DailyEntry.objects.get().text == "evening"
    assert list(TaskCompletion.objects.values_list("task_id", flat=True)) == [first_task.pk]
    assert [type(event) for event in published] == [DailyWorkSubmitted]

    services.daily_entry_save(user=student, text="tuesday", now=monday + dt.timedelta(days=1))
    assert set(TaskCompletion.objects.values_list("task_id", flat=True)) == {
        first_task.pk,
        second_task.pk,
    }
    assert DailyEntry.objects.get(local_date=dt.date(2026, 6, 1)).text == "evening"


def test_a_daily_entry_needs_text_and_a_valid_file(student):
    with pytest.raises(ApplicationError):
        services.daily_entry_save(user=student, text="  ")
    with pytest.raises(ApplicationError):
        services.daily_entry_save(user=student, text="x", file=SimpleUploadedFile("a.exe", b"MZ"))
    assert not DailyEntry.objects.exists()
