"""Automatic awards: one per source object, corrected (never doubled) by regrades, with
the rule's value of the first award."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Sum

from lms.accounts.models import CohortMembership
from lms.accounts.tests.factories import CohortFactory, StudentFactory
from lms.assessments.models import Attempt, AttemptStatus
from lms.assessments.tests.factories import quiz_course
from lms.assignments.tests.factories import AssignmentFactory, DailyEntryFactory, SubmissionFactory
from lms.catalog.tests.factories import build_course
from lms.core.events import publish
from lms.gamification import services
from lms.gamification.leaderboard import total_points
from lms.gamification.models import PointsEntry, PointsRule, SourceKind
from lms.learning import services as learning_services
from lms.learning.tests.factories import EnrollmentFactory, lessons_in_order, tasks_of
from lms.meetings.events import MeetingAttended
from lms.meetings.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def rule(kind: str, streak_days: int = 0) -> PointsRule:
    return PointsRule.objects.get(kind=kind, streak_days=streak_days)


def submitted_attempt(quiz, user, percent: str, number: int = 1) -> Attempt:
    now = dt.datetime.now(dt.UTC)
    return Attempt.objects.create(
        assessment=quiz.assessment,
        user=user,
        number=number,
        status=AttemptStatus.SUBMITTED,
        started_at=now,
        deadline=now,
        submitted_at=now,
        percent=Decimal(percent),
        score=Decimal(percent),
        max_score=Decimal(100),
    )


def test_meeting_event_awards_once_even_when_delivered_twice(
    student, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(users=[student])
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            publish(MeetingAttended(meeting_id=meeting.pk, user_id=student.pk, status="present"))
    assert PointsEntry.objects.filter(user=student).count() == 1
    assert total_points(user=student) == rule("meeting_present").points == 10


def test_late_is_worth_the_late_rule_and_keeps_the_group(student):
    cohort = CohortFactory()
    CohortMembership.objects.create(cohort=cohort, user=student)
    meeting = MeetingFactory(cohorts=[cohort, CohortFactory()])
    services.meeting_points_award(meeting_id=meeting.pk, user_id=student.pk, status="late")
    assert total_points(user=student) == 5
    assert PointsEntry.objects.get().cohort == cohort


def test_regrade_adds_a_correcting_row_never_a_second_award(student):
    quiz = quiz_course(student=student)
    attempt = submitted_attempt(quiz, student, "50")
    services.assessment_points_award(attempt_id=attempt.pk)
    assert total_points(user=student) == 10  # 20 at 100 %, half of it
    Attempt.objects.filter(pk=attempt.pk).update(percent=Decimal("75"))
    services.assessment_points_award(attempt_id=attempt.pk)
    services.assessment_points_award(attempt_id=attempt.pk)  # the same regrade again
    rows = PointsEntry.objects.filter(user=student).order_by("revision")
    assert [(r.revision, r.points) for r in rows] == [(1, 10), (2, 5)]
    assert total_points(user=student) == 15
    assert rows[1].reason.startswith("Correction")


def test_a_better_retry_tops_up_and_a_worse_one_changes_nothing(student):
    quiz = quiz_course(student=student)
    services.assessment_points_award(attempt_id=submitted_attempt(quiz, student, "40").pk)
    services.assessment_points_award(attempt_id=submitted_attempt(quiz, student, "100", 2).pk)
    services.assessment_points_award(attempt_id=submitted_attempt(quiz, student, "10", 3).pk)
    assert total_points(user=student) == 20
    assert PointsEntry.objects.filter(user=student).count() == 2


def test_a_changed_rule_affects_new_events_only(student):
    quiz = quiz_course(student=student)
    attempt = submitted_attempt(quiz, student, "50")
    services.assessment_points_award(attempt_id=attempt.pk)
    PointsRule.objects.filter(kind="quiz_score").update(points=200)
    # A regrade of the old award still scales with the value it was awarded under ...
    Attempt.objects.filter(pk=attempt.pk).update(percent=Decimal("100"))
    services.assessment_points_award(attempt_id=attempt.pk)
    assert total_points(user=student) == 20
    # ... while someone graded after the change gets the new value.
    other = StudentFactory()
    services.assessment_points_award(attempt_id=submitted_attempt(quiz, other, "50").pk)
    assert total_points(user=other) == 100


def test_an_inactive_rule_awards_nothing(student):
    PointsRule.objects.filter(kind="meeting_present").update(active=False)
    meeting = MeetingFactory(users=[student])
    assert (
        services.meeting_points_award(meeting_id=meeting.pk, user_id=student.pk, status="present")
        is None
    )
    assert not PointsEntry.objects.exists()


def test_assignment_marks_are_scaled_and_a_remark_corrects(student):
    assignment = AssignmentFactory(max_marks=10)
    submission = SubmissionFactory(assignment=assignment, user=student, marks=6)
    services.assignment_points_award(submission_id=submission.pk)
    assert total_points(user=student) == 30
    submission.marks = 8
    submission.save()
    services.assignment_points_award(submission_id=submission.pk)
    assert total_points(user=student) == 40
    assert PointsEntry.objects.get(revision=1).course_id == assignment.course_id


def test_daily_work_days_and_streak_bonus(student):
    start = dt.date(2026, 3, 1)
    entries = [
        DailyEntryFactory(user=student, local_date=start + dt.timedelta(days=i)) for i in range(7)
    ]
    for entry in entries:
        services.daily_work_points_award(entry_id=entry.pk)
    kinds = PointsEntry.objects.filter(user=student).values_list("source_kind", flat=True)
    assert list(kinds).count(SourceKind.DAILY_WORK) == 7
    assert list(kinds).count(SourceKind.DAILY_STREAK) == 1  # the 7th day
    assert total_points(user=student) == 7 * 5 + 20


def test_lesson_and_course_completion_through_learning_events(
    student, django_capture_on_commit_callbacks
):
    course = build_course(modules=1, lessons_per_module=2, tasks_per_lesson=2)
    EnrollmentFactory(user=student, course=course)
    first, second = lessons_in_order(course)
    with django_capture_on_commit_callbacks(execute=True):
        learning_services.task_complete(user=student, task=tasks_of(first)[0])
    assert total_points(user=student) == 0  # the lesson is not done yet
    for task in [tasks_of(first)[1], *tasks_of(second)]:
        with django_capture_on_commit_callbacks(execute=True):
            learning_services.task_complete(user=student, task=task)
    by_kind = dict(
        PointsEntry.objects.filter(user=student)
        .values_list("source_kind")
        .annotate(total=Sum("points"))
    )
    assert by_kind == {SourceKind.LESSON: 20, SourceKind.COURSE: 100}
    assert set(PointsEntry.objects.values_list("course_id", flat=True)) == {course.pk}


def test_attempt_graded_events_award_then_correct_on_regrade(
    student, django_capture_on_commit_callbacks
):
    from lms.assessments.events import AttemptGraded

    quiz = quiz_course(student=student)
    attempt = submitted_attempt(quiz, student, "50")
    event = {"attempt_id": attempt.pk, "assessment_id": quiz.assessment.pk, "user_id": student.pk}
    with django_capture_on_commit_callbacks(execute=True):
        publish(AttemptGraded(**event, percent="50", passed=True))
    Attempt.objects.filter(pk=attempt.pk).update(percent=Decimal("25"))
    for _ in range(2):  # the regrade, delivered twice
        with django_capture_on_commit_callbacks(execute=True):
            publish(AttemptGraded(**event, percent="25", passed=False, regraded=True))
    assert list(PointsEntry.objects.order_by("revision").values_list("points", flat=True)) == [
        10,
        -5,
    ]
    assert total_points(user=student) == 5


def test_an_accepted_answer_earns_the_rule_plus_the_askers_xp(
    student, django_capture_on_commit_callbacks
):
    from lms.catalog.tests.factories import CourseFactory
    from lms.community.services.forum import answer_accept
    from lms.community.tests.factories import answer_to, question_in

    course = CourseFactory()
    asker = StudentFactory()
    EnrollmentFactory(user=asker, course=course)
    EnrollmentFactory(user=student, course=course)
    question = question_in(course, author=asker)
    answer = answer_to(question, author=student)
    with django_capture_on_commit_callbacks(execute=True):
        answer_accept(user=asker, answer=answer, xp=7)
    entry = PointsEntry.objects.get(user=student)
    assert (entry.source_kind, entry.points, entry.course_id) == (
        SourceKind.FORUM_ANSWER,
        12,
        course.pk,
    )
    services.forum_answer_points_award(answer_id=answer.pk, xp=7)  # delivered again
    assert total_points(user=student) == 12 and total_points(user=asker) == 0
