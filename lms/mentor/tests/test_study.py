"""Staff study tools: a draft summary, and draft questions in the bank (unpublished, never
drawn into attempts), as jobs with progress."""

import json

import pytest

from lms.assessments.models import Question
from lms.assessments.services.attempts import draw_questions
from lms.catalog.services import course_permissions_sync
from lms.catalog.tests.factories import build_course
from lms.core.errors import ApplicationError, PermissionDeniedError
from lms.learning.tests.factories import lessons_in_order
from lms.mentor.models import LessonSummary, StudyJob, StudyJobKind, StudyJobStatus
from lms.mentor.study import drafted_questions_parse, study_job_queue

QUESTIONS = [
    {
        "text": "What does a for loop do?",
        "options": [
            {"text": "Repeats a block", "correct": True},
            {"text": "Defines a class", "correct": False},
            {"text": "Imports a module", "correct": False},
            {"text": "Ends the program", "correct": False},
        ],
        "explanation": "It repeats.",
    },
    {"text": "Broken: no right option", "options": [{"text": "a"}, {"text": "b"}]},
]


@pytest.fixture
def lesson(instructor):
    course = build_course(modules=1, lessons_per_module=1, instructors=[instructor])
    course_permissions_sync(course=course)  # the object permission instructors edit by
    lesson = lessons_in_order(course)[0]
    lesson.body = "<p>A for loop repeats a block for each item of a list.</p>"
    lesson.save()
    return lesson


def _run(kind, lesson, user, django_capture_on_commit_callbacks) -> StudyJob:
    with django_capture_on_commit_callbacks(execute=True):  # Huey runs at once in tests
        job = study_job_queue(kind=kind, lesson=lesson, requested_by=user)
    job.refresh_from_db()
    return job


def test_summary_job(lesson, instructor, fake_provider, django_capture_on_commit_callbacks):
    fake_provider.answer = "- Loops repeat code."
    job = _run(StudyJobKind.SUMMARY, lesson, instructor, django_capture_on_commit_callbacks)
    assert (job.status, job.progress) == (StudyJobStatus.DONE, 100)
    summary = LessonSummary.objects.get(lesson=lesson)
    assert (summary.text, summary.reviewed) == ("- Loops repeat code.", False)
    assert "for loop repeats" in fake_provider.bodies_text()


def test_question_drafts_go_to_the_bank_unpublished(
    lesson, instructor, fake_provider, django_capture_on_commit_callbacks
):
    fake_provider.answer = "```json\n" + json.dumps(QUESTIONS) + "\n```"
    job = _run(StudyJobKind.QUESTIONS, lesson, instructor, django_capture_on_commit_callbacks)
    assert job.status == StudyJobStatus.DONE
    assert "1 draft" in job.message and "1 left out" in job.message
    question = Question.objects.get()
    assert question.is_draft
    assert question.options.filter(fraction=1).get().text == "Repeats a block"
    assert question.category.path.startswith("AI drafts/")


def test_drafts_are_never_drawn_nor_added_to_an_assessment(db):
    from lms.assessments.models import DrawRule
    from lms.assessments.services.authoring import assessment_create
    from lms.assessments.services.bank import category_get_or_create, question_create
    from lms.catalog.tests.factories import CourseFactory

    category = category_get_or_create(path="Loops")
    (draft,) = drafted_questions_parse(json.dumps(QUESTIONS[:1]))
    question = question_create(category=category, data=draft, is_draft=True)
    course = CourseFactory()
    with pytest.raises(ApplicationError):
        assessment_create(
            course=course, task=None, kind="quiz", title="Q", question_ids=[question.pk]
        )
    assessment = assessment_create(course=course, task=None, kind="quiz", title="Q")
    DrawRule.objects.create(assessment=assessment, category=category, count=1)
    with pytest.raises(ApplicationError):
        draw_questions(assessment=assessment)


def test_without_a_provider_the_job_fails_with_a_reason(
    lesson, instructor, django_capture_on_commit_callbacks
):
    job = _run(StudyJobKind.SUMMARY, lesson, instructor, django_capture_on_commit_callbacks)
    assert job.status == StudyJobStatus.FAILED
    assert "not configured" in job.message


def test_provider_error_fails_the_job(
    lesson, instructor, fake_provider, django_capture_on_commit_callbacks
):
    fake_provider.mode, fake_provider.status = "status", 500
    job = _run(StudyJobKind.QUESTIONS, lesson, instructor, django_capture_on_commit_callbacks)
    assert job.status == StudyJobStatus.FAILED
    assert not Question.objects.exists()


def test_only_the_course_team_queues_jobs(lesson):
    from lms.accounts.tests.factories import InstructorFactory

    with pytest.raises(PermissionDeniedError):
        study_job_queue(kind=StudyJobKind.SUMMARY, lesson=lesson, requested_by=InstructorFactory())
