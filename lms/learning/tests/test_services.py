import pytest
from django.db import transaction

from lms.catalog.models import CourseStatus, TaskKind
from lms.catalog.tests.factories import build_course
from lms.core.errors import ApplicationError, PermissionDeniedError
from lms.learning.models import EnrollmentStatus, LessonProgress, TaskCompletion
from lms.learning.selectors import roadmap_get
from lms.learning.services import (
    enrollment_create,
    enrollment_reactivate,
    enrollment_revoke,
    lesson_progress_save,
    task_complete,
)
from lms.learning.tests.factories import (
    EnrollmentFactory,
    complete_lessons,
    lessons_in_order,
    tasks_of,
    three_module_course,
)

pytestmark = pytest.mark.django_db


def test_completing_unlocks_the_next_lesson(student):
    course = three_module_course()
    EnrollmentFactory(user=student, course=course)
    first, second = lessons_in_order(course)[:2]

    for task in tasks_of(first):
        result = task_complete(user=student, task=task)
        assert result.created and not result.course_completed

    assert roadmap_get(user=student, course=course).lesson_step(second.pk).is_open
    task_complete(user=student, task=tasks_of(second)[0])
    assert TaskCompletion.objects.filter(user=student).count() == 3


def test_locked_task_is_refused_and_nothing_is_recorded(student):
    course = three_module_course()
    EnrollmentFactory(user=student, course=course)
    second = lessons_in_order(course)[1]
    with pytest.raises(PermissionDeniedError) as error:
        task_complete(user=student, task=tasks_of(second)[0])
    assert error.value.code == "lesson_locked"
    assert error.value.message == "Finish “Lesson 1.1” first."
    assert not TaskCompletion.objects.exists()


def test_completing_twice_is_harmless(student):
    course = three_module_course()
    EnrollmentFactory(user=student, course=course)
    task = tasks_of(lessons_in_order(course)[0])[0]
    assert task_complete(user=student, task=task).created
    again = task_complete(user=student, task=task)
    assert not again.created
    assert TaskCompletion.objects.filter(user=student, task=task).count() == 1


@pytest.mark.parametrize("kind", [TaskKind.QUIZ, TaskKind.EXAM, TaskKind.ASSIGNMENT])
def test_graded_tasks_cannot_be_marked_done(student, kind):
    course = three_module_course()
    EnrollmentFactory(user=student, course=course)
    task = tasks_of(lessons_in_order(course)[0])[0]
    task.kind = kind
    task.save(update_fields=["kind"])
    with pytest.raises(PermissionDeniedError) as error:
        task_complete(user=student, task=task)
    assert error.value.code == "not_self_completed"
    assert not TaskCompletion.objects.exists()


def test_not_enrolled_revoked_and_preview_record_nothing(student, instructor, admin_user):
    course = three_module_course(instructors=[instructor])
    task = tasks_of(lessons_in_order(course)[0])[0]
    with pytest.raises(PermissionDeniedError, match="Enroll to start"):
        task_complete(user=student, task=task)
    for staff in (instructor, admin_user):
        with pytest.raises(PermissionDeniedError) as error:
            task_complete(user=staff, task=task)
        assert error.value.code == "preview_only"
    enrollment = EnrollmentFactory(user=student, course=course, status=EnrollmentStatus.REVOKED)
    with pytest.raises(PermissionDeniedError) as error:
        task_complete(user=student, task=task)
    assert error.value.code == "enrollment_revoked"
    assert not TaskCompletion.objects.exists()
    enrollment_reactivate(enrollment=enrollment)
    assert task_complete(user=student, task=task).created


def test_completing_the_last_task_completes_the_enrollment(student):
    course = build_course(modules=1, lessons_per_module=2, tasks_per_lesson=1)
    enrollment = EnrollmentFactory(user=student, course=course)
    first, last = lessons_in_order(course)
    assert not task_complete(user=student, task=tasks_of(first)[0]).course_completed
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.ACTIVE and enrollment.completed_at is None

    assert task_complete(user=student, task=tasks_of(last)[0]).course_completed
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.COMPLETED and enrollment.completed_at is not None
    # A completed enrollment keeps its access.
    assert roadmap_get(user=student, course=course).can_view


def test_revoking_keeps_completions_and_reenrolling_resumes(student):
    course = three_module_course()
    enrollment = EnrollmentFactory(user=student, course=course)
    complete_lessons(student, lessons_in_order(course)[:2])
    enrollment_revoke(enrollment=enrollment)
    assert not roadmap_get(user=student, course=course).can_view
    assert TaskCompletion.objects.filter(user=student).count() == 4
    enrollment_create(user=student, course=course, source="admin")
    assert roadmap_get(user=student, course=course).progress.done == 4


def test_archived_course_still_records_progress(student):
    course = three_module_course(status=CourseStatus.ARCHIVED)
    EnrollmentFactory(user=student, course=course)
    assert task_complete(user=student, task=tasks_of(lessons_in_order(course)[0])[0]).created


def _watch_lesson(student):
    course = build_course(modules=1, lessons_per_module=2, tasks_per_lesson=2)
    EnrollmentFactory(user=student, course=course)
    lesson = lessons_in_order(course)[0]
    watch, read = tasks_of(lesson)
    watch.kind = TaskKind.WATCH
    watch.save(update_fields=["kind"])
    return lesson, watch, read


def test_progress_is_saved_and_overwritten(student):
    lesson, _watch, _read = _watch_lesson(student)
    lesson_progress_save(user=student, lesson=lesson, position_seconds=12.4, duration_seconds=600)
    result = lesson_progress_save(
        user=student, lesson=lesson, position_seconds=30.6, duration_seconds=600
    )
    assert result.completed_tasks == []
    progress = LessonProgress.objects.get(user=student, lesson=lesson)
    assert (progress.video_position_seconds, progress.video_duration_seconds) == (31, 600)
    assert not TaskCompletion.objects.exists()


def test_watching_most_of_the_video_completes_the_watch_tasks(student, settings):
    settings.LMS_WATCH_COMPLETE_RATIO = 0.9
    lesson, watch, read = _watch_lesson(student)
    result = lesson_progress_save(
        user=student, lesson=lesson, position_seconds=539, duration_seconds=600
    )
    assert result.completed_tasks == []
    result = lesson_progress_save(
        user=student, lesson=lesson, position_seconds=541, duration_seconds=600
    )
    assert result.completed_tasks == [watch]
    assert set(TaskCompletion.objects.values_list("task_id", flat=True)) == {watch.pk}
    # Again: nothing new, no second row.
    result = lesson_progress_save(
        user=student, lesson=lesson, position_seconds=600, duration_seconds=600
    )
    assert result.completed_tasks == []
    assert TaskCompletion.objects.count() == 1


def test_progress_on_a_locked_lesson_is_refused(student):
    course = build_course(modules=1, lessons_per_module=2, tasks_per_lesson=1)
    EnrollmentFactory(user=student, course=course)
    with pytest.raises(PermissionDeniedError):
        lesson_progress_save(
            user=student,
            lesson=lessons_in_order(course)[1],
            position_seconds=1,
            duration_seconds=10,
        )
    assert not LessonProgress.objects.exists()


@pytest.mark.parametrize(("position", "duration"), [(-1, 10), (1, float("nan")), (1, 10**9)])
def test_progress_rejects_nonsense(student, position, duration):
    lesson, _watch, _read = _watch_lesson(student)
    with pytest.raises(ApplicationError) as error:
        lesson_progress_save(
            user=student, lesson=lesson, position_seconds=position, duration_seconds=duration
        )
    assert error.value.status == 400 and error.value.fields


def test_position_is_capped_at_the_duration(student):
    lesson, _watch, _read = _watch_lesson(student)
    result = lesson_progress_save(
        user=student, lesson=lesson, position_seconds=900, duration_seconds=600
    )
    assert result.progress.video_position_seconds == 600


def test_refused_write_leaves_the_transaction_usable(student):
    course = three_module_course()
    EnrollmentFactory(user=student, course=course)
    with transaction.atomic(), pytest.raises(PermissionDeniedError):
        task_complete(user=student, task=tasks_of(lessons_in_order(course)[3])[0])
    assert TaskCompletion.objects.count() == 0


def test_re_enrolling_after_a_revoke_restores_a_completed_course_as_completed(student):
    """One rule for giving access back, whichever way: enrolling again and reactivating
    both restore a completed enrollment as completed."""
    course = build_course(modules=1, lessons_per_module=1, tasks_per_lesson=1)
    enrollment = enrollment_create(user=student, course=course, source="admin")
    assert task_complete(
        user=student, task=tasks_of(lessons_in_order(course)[0])[0]
    ).course_completed
    enrollment.refresh_from_db()
    completed_at = enrollment.completed_at

    enrollment_revoke(enrollment=enrollment)
    again = enrollment_create(user=student, course=course, source="payment")
    assert again.status == EnrollmentStatus.COMPLETED
    assert again.completed_at == completed_at and again.source == "payment"

    enrollment_revoke(enrollment=again)
    restored = enrollment_reactivate(enrollment=again)
    assert restored.status == EnrollmentStatus.COMPLETED
