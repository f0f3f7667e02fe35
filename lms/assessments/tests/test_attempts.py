"""Taking an assessment through the services: drawing, the server deadline, answers,
submitting once, auto-submit, proctoring flags, regrading and allowances."""

import random
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lms.assessments.events import AttemptGraded
from lms.assessments.models import Answer, Attempt, AttemptStatus, DrawRule, ProctorEvent
from lms.assessments.services import attempts as services
from lms.assessments.tests.factories import (
    CategoryFactory,
    bank_fill,
    quiz_course,
    right_option,
    wrong_option,
)
from lms.core.errors import ConflictError, PermissionDeniedError
from lms.core.events import subscribe, unsubscribe
from lms.learning.models import TaskCompletion
from lms.learning.selectors import roadmap_get

pytestmark = pytest.mark.django_db


@pytest.fixture
def graded_events():
    seen: list[AttemptGraded] = []
    subscribe(AttemptGraded, seen.append)
    yield seen
    unsubscribe(AttemptGraded, seen.append)


def question_ids(attempt: Attempt) -> list[int]:
    return list(attempt.questions.order_by("position").values_list("question_id", flat=True))


def answer_all(attempt: Attempt, *, right: int) -> None:
    for index, pk in enumerate(question_ids(attempt)):
        option = right_option(pk) if index < right else wrong_option(pk)
        services.answer_save(attempt=attempt, question_id=pk, option_ids=[option])


def test_a_passed_attempt_completes_the_quiz_and_opens_the_next_lesson(
    student, graded_events, django_capture_on_commit_callbacks
):
    setup = quiz_course(student=student)
    roadmap = roadmap_get(user=student, course=setup.course)
    assert not roadmap.lesson_step(setup.second.pk).is_open  # the quiz now counts

    services.answer_save  # noqa: B018 (documenting the order: start, answer, submit)
    from lms.learning.services import task_complete

    task_complete(user=student, task=setup.reading)
    with django_capture_on_commit_callbacks(execute=True):
        attempt = services.attempt_start(user=student, assessment=setup.assessment)
        answer_all(attempt, right=2)
        submitted = services.attempt_submit(attempt=attempt)

    assert submitted.status == AttemptStatus.SUBMITTED
    assert (submitted.score, submitted.max_score, submitted.percent) == (
        Decimal("2"),
        Decimal("4"),
        Decimal("50.00"),
    )
    assert submitted.passed is True
    assert TaskCompletion.objects.filter(user=student, task=setup.quiz).exists()
    assert roadmap_get(user=student, course=setup.course).lesson_step(setup.second.pk).is_open
    assert [(e.attempt_id, e.passed, e.percent) for e in graded_events] == [
        (attempt.pk, True, "50.00")
    ]


def test_a_failed_attempt_keeps_the_next_lesson_locked(student):
    setup = quiz_course(student=student)
    attempt = services.attempt_start(user=student, assessment=setup.assessment)
    answer_all(attempt, right=1)
    submitted = services.attempt_submit(attempt=attempt)
    assert submitted.passed is False and submitted.percent == Decimal("25.00")
    assert not TaskCompletion.objects.filter(user=student, task=setup.quiz).exists()


def test_submit_is_idempotent(student, graded_events, django_capture_on_commit_callbacks):
    setup = quiz_course(student=student)
    with django_capture_on_commit_callbacks(execute=True):
        attempt = services.attempt_start(user=student, assessment=setup.assessment)
        answer_all(attempt, right=4)
        first = services.attempt_submit(attempt=attempt)
        second = services.attempt_submit(attempt=attempt)
    assert first.submitted_at == second.submitted_at and second.percent == Decimal("100.00")
    assert len(graded_events) == 1


def test_start_twice_resumes_the_open_attempt_and_attempts_are_limited(student):
    setup = quiz_course(student=student, attempts_allowed=1)
    attempt = services.attempt_start(user=student, assessment=setup.assessment)
    assert services.attempt_start(user=student, assessment=setup.assessment) == attempt
    services.attempt_submit(attempt=attempt)
    with pytest.raises(ConflictError) as error:
        services.attempt_start(user=student, assessment=setup.assessment)
    assert error.value.code == "no_attempts_left" and error.value.status == 409

    services.allowance_grant(assessment=setup.assessment, user=student, extra_attempts=1)
    second = services.attempt_start(user=student, assessment=setup.assessment)
    assert second.number == 2


def test_only_enrolled_students_on_an_open_lesson_may_start(student):
    from lms.accounts.tests.factories import StudentFactory

    setup = quiz_course(student=student)
    with pytest.raises(PermissionDeniedError):
        services.attempt_start(user=StudentFactory(), assessment=setup.assessment)


def test_the_window_is_enforced(student):
    now = timezone.now()
    setup = quiz_course(student=student, opens_at=now + timedelta(hours=1))
    with pytest.raises(ConflictError) as error:
        services.attempt_start(user=student, assessment=setup.assessment)
    assert error.value.code == "not_open"
    setup.assessment.opens_at, setup.assessment.closes_at = None, now - timedelta(minutes=1)
    setup.assessment.save()
    with pytest.raises(ConflictError) as error:
        services.attempt_start(user=student, assessment=setup.assessment)
    assert error.value.code == "closed"


def test_the_deadline_is_the_earlier_of_the_time_limit_and_the_close(student):
    now = timezone.now()
    setup = quiz_course(student=student, time_limit_minutes=30)
    attempt = services.attempt_start(user=student, assessment=setup.assessment)
    assert attempt.deadline == attempt.started_at + timedelta(minutes=30)

    closing = quiz_course(time_limit_minutes=30, closes_at=now + timedelta(minutes=10))
    from lms.learning.tests.factories import EnrollmentFactory

    EnrollmentFactory(user=student, course=closing.course)
    early = services.attempt_start(user=student, assessment=closing.assessment)
    assert early.deadline == closing.assessment.closes_at

    services.allowance_grant(assessment=setup.assessment, user=student, extra_minutes=15)
    attempt.refresh_from_db()
    assert attempt.deadline == attempt.started_at + timedelta(minutes=45)


def test_an_answer_after_the_deadline_is_refused_and_the_attempt_is_submitted_with_what_was_saved(
    student,
):
    setup = quiz_course(student=student, time_limit_minutes=5)
    attempt = services.attempt_start(user=student, assessment=setup.assessment)
    first, second, *_ = question_ids(attempt)
    services.answer_save(attempt=attempt, question_id=first, option_ids=[right_option(first)])
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=1))

    with pytest.raises(ConflictError) as error:
        services.answer_save(attempt=attempt, question_id=second, option_ids=[right_option(second)])
    assert error.value.code == "deadline_passed" and error.value.status == 409
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUBMITTED and attempt.auto_submitted
    assert attempt.score == Decimal("1") and attempt.submitted_at == attempt.deadline
    assert not Answer.objects.filter(attempt=attempt, question_id=second).exists()


def test_the_deadline_job_submits_an_overdue_attempt_and_leaves_others(student):
    from lms.assessments.tasks import attempt_submit_due, attempts_submit_overdue

    setup = quiz_course(student=student, time_limit_minutes=5)
    attempt = services.attempt_start(user=student, assessment=setup.assessment)
    attempt_submit_due.call_local(attempt.pk)
    attempt.refresh_from_db()
    assert attempt.is_open  # not due yet

    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    assert attempts_submit_overdue.call_local() == 1
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUBMITTED and attempt.auto_submitted


def test_start_schedules_the_deadline_job(student, django_capture_on_commit_callbacks):
    from huey.contrib.djhuey import HUEY

    setup = quiz_course(student=student, time_limit_minutes=5)
    before = len(HUEY.scheduled())
    with django_capture_on_commit_callbacks(execute=True):
        attempt = services.attempt_start(user=student, assessment=setup.assessment)
    scheduled = HUEY.scheduled()
    assert len(scheduled) == before + 1
    assert scheduled[-1].args == (attempt.pk,) and scheduled[-1].name.endswith("attempt_submit_due")


def test_options_of_another_question_and_two_choices_for_single_are_refused(student):
    from lms.core.errors import ApplicationError

    setup = quiz_course(student=student)
    attempt = services.attempt_start(user=student, assessment=setup.assessment)
    first, second, *_ = question_ids(attempt)
    with pytest.raises(ApplicationError):
        services.answer_save(attempt=attempt, question_id=first, option_ids=[right_option(second)])
    with pytest.raises(ApplicationError):
        services.answer_save(
            attempt=attempt,
            question_id=first,
            option_ids=[right_option(first), wrong_option(first)],
        )


def test_each_attempt_draws_its_own_questions_and_keeps_them(student):
    setup = quiz_course(student=student, questions=0, attempts_allowed=0)
    python = CategoryFactory(name="Python")
    loops = CategoryFactory(name="Loops", parent=python)
    bank_fill(category=python, count=30)
    bank_fill(category=loops, count=30, difficulty=3)
    DrawRule.objects.create(assessment=setup.assessment, category=python, count=5)
    DrawRule.objects.create(assessment=setup.assessment, category=loops, count=3, difficulty=3)

    drawn = []
    for seed in range(3):
        attempt = services.attempt_start(
            user=student, assessment=setup.assessment, rng=random.Random(seed)
        )
        ids = question_ids(attempt)
        assert len(ids) == 8 == len(set(ids))
        assert question_ids(Attempt.objects.get(pk=attempt.pk)) == ids  # frozen
        drawn.append(ids)
        services.attempt_submit(attempt=attempt)
    assert len({tuple(ids) for ids in drawn}) == 3


def test_starting_an_exam_that_draws_50_from_5000_takes_a_fixed_number_of_queries(student):
    setup = quiz_course(
        student=student,
        questions=0,
        kind="exam",
        shuffle_questions=True,
        shuffle_options=True,
        time_limit_minutes=60,
    )
    root = CategoryFactory(name="Bank")
    for index in range(5):
        category = CategoryFactory(name=f"Topic {index}", parent=root)
        bank_fill(category=category, count=1000)
    DrawRule.objects.create(assessment=setup.assessment, category=root, count=40)
    DrawRule.objects.create(assessment=setup.assessment, category=root.children.first(), count=10)
    from lms.learning.services import task_complete

    task_complete(user=student, task=setup.reading)
    with CaptureQueriesContext(connection) as queries:
        attempt = services.attempt_start(user=student, assessment=setup.assessment)
    assert attempt.questions.count() == 50
    assert all(len(slot.option_order) == 4 for slot in attempt.questions.all())
    # 8 for learning's access check (lesson, module, course, enrollment, the roadmap), open
    # attempt, allowance, count, fixed questions, rules, one per rule (2), options, the
    # attempt, its 50 questions in one insert, 4 savepoint statements: 22 for any bank size.
    assert len(queries) == 22, [q["sql"][:100] for q in queries.captured_queries]


def test_proctoring_events_flag_the_attempt_past_the_threshold(student):
    setup = quiz_course(
        student=student, kind="exam", proctoring_enabled=True, violation_threshold=2
    )
    attempt = services.attempt_start(user=student, assessment=setup.assessment)
    now = timezone.now()
    first = services.proctor_event_record(attempt=attempt, kind="tab_hidden", occurred_at=now)
    assert not first.flagged
    second = services.proctor_event_record(
        attempt=attempt, kind="paste", occurred_at=now + timedelta(days=3)
    )
    assert second.flagged and second.violation_count == 2
    assert second.event.occurred_at <= timezone.now()  # a future browser clock is clamped
    submitted = services.attempt_submit(attempt=attempt)
    assert submitted.flagged and submitted.passed is False  # flagged, graded as answered
    assert ProctorEvent.objects.filter(attempt=attempt).count() == 2
    with pytest.raises(ConflictError):
        services.proctor_event_record(attempt=attempt, kind="copy", occurred_at=now)


def test_regrade_after_a_question_is_fixed_completes_the_task(student, graded_events):
    setup = quiz_course(student=student)
    attempt = services.attempt_start(user=student, assessment=setup.assessment)
    ids = question_ids(attempt)
    for pk in ids:  # the "wrong" option everywhere
        services.answer_save(attempt=attempt, question_id=pk, option_ids=[wrong_option(pk)])
    assert services.attempt_submit(attempt=attempt).passed is False

    from lms.assessments.models import Option

    for pk in ids[:2]:  # the key was wrong: the chosen option was right after all
        Option.objects.filter(pk=wrong_option(pk)).update(fraction=Decimal("1"))
    assert services.assessment_regrade(assessment=setup.assessment) == 1
    attempt.refresh_from_db()
    assert attempt.percent == Decimal("50.00") and attempt.passed
    assert TaskCompletion.objects.filter(user=student, task=setup.quiz).exists()
