import pytest

from lms.accounts.tests.factories import StudentFactory
from lms.catalog.models import CourseStatus
from lms.catalog.tests.factories import build_course
from lms.core.errors import PermissionDeniedError
from lms.learning.models import EnrollmentStatus
from lms.learning.selectors import (
    AccessMode,
    StepState,
    lesson_access_check,
    my_courses_get,
    roadmap_get,
)
from lms.learning.tests.factories import (
    EnrollmentFactory,
    complete_lessons,
    lessons_in_order,
    three_module_course,
)

pytestmark = pytest.mark.django_db


def lesson_states(roadmap):
    return [lesson.state for module in roadmap.modules for lesson in module.lessons]


L, A, D = StepState.LOCKED, StepState.AVAILABLE, StepState.DONE


def test_new_student_sees_only_the_first_lesson_open(student):
    course = three_module_course()
    EnrollmentFactory(user=student, course=course)

    roadmap = roadmap_get(user=student, course=course)

    assert roadmap.mode == AccessMode.STUDENT
    assert lesson_states(roadmap) == [A, L, L, L, L, L]
    assert roadmap.modules[0].lessons[1].reason == "Finish “Lesson 1.1” first."
    assert roadmap.modules[1].state == L
    assert roadmap.modules[1].reason == "Finish “Lesson 1.1” first."
    assert roadmap.next_step.task.title == "Task 1.1.1"
    assert roadmap.next_lesson.lesson.title == "Lesson 1.1"
    assert (roadmap.progress.done, roadmap.progress.total, roadmap.progress.percent) == (0, 12, 0)


def test_sequential_then_free_order_then_sequential(student):
    course = three_module_course()
    EnrollmentFactory(user=student, course=course)
    lessons = lessons_in_order(course)

    complete_lessons(student, lessons[:1])
    roadmap = roadmap_get(user=student, course=course)
    assert lesson_states(roadmap) == [D, A, L, L, L, L]
    assert roadmap.next_step.task.title == "Task 1.2.1"

    # Module 1 done: every lesson of the free-order module 2 opens at once.
    complete_lessons(student, lessons[1:2])
    roadmap = roadmap_get(user=student, course=course)
    assert lesson_states(roadmap) == [D, D, A, A, L, L]
    assert roadmap.modules[0].state == D
    assert roadmap.modules[2].lessons[0].reason == "Finish “Lesson 2.1” first."

    # Taking module 2's second lesson first is allowed, but module 3 waits for all of it.
    complete_lessons(student, lessons[3:4])
    roadmap = roadmap_get(user=student, course=course)
    assert lesson_states(roadmap) == [D, D, A, D, L, L]
    assert roadmap.next_step.task.title == "Task 2.1.1"
    assert roadmap.modules[2].lessons[0].reason == "Finish “Lesson 2.1” first."

    complete_lessons(student, lessons[2:3])
    roadmap = roadmap_get(user=student, course=course)
    assert lesson_states(roadmap) == [D, D, D, D, A, L]
    assert roadmap.modules[1].progress.percent == 100

    complete_lessons(student, lessons[4:])
    roadmap = roadmap_get(user=student, course=course)
    assert lesson_states(roadmap) == [D] * 6
    assert roadmap.next_step is None
    assert roadmap.is_complete and roadmap.progress.percent == 100


def test_partly_done_lesson_counts_progress_and_keeps_the_next_locked(student):
    course = three_module_course()
    EnrollmentFactory(user=student, course=course)
    first = lessons_in_order(course)[0]
    from lms.learning.models import TaskCompletion

    TaskCompletion.objects.create(user=student, task=first.tasks.order_by("position").first())
    roadmap = roadmap_get(user=student, course=course)
    assert lesson_states(roadmap) == [A, L, L, L, L, L]
    assert roadmap.modules[0].progress.done == 1
    assert roadmap.modules[0].progress.percent == 25
    assert roadmap.next_step.task.title == "Task 1.1.2"
    assert [t.state for t in roadmap.modules[0].lessons[0].tasks] == [D, A]
    assert roadmap.modules[0].lessons[1].tasks[0].reason == "Finish “Lesson 1.1” first."


def test_first_module_free_order_opens_all_its_lessons(student):
    course = build_course(modules=2, lessons_per_module=3, tasks_per_lesson=1)
    course.modules.filter(position=1).update(free_order=True)
    EnrollmentFactory(user=student, course=course)
    assert lesson_states(roadmap_get(user=student, course=course)) == [A, A, A, L, L, L]


@pytest.mark.parametrize(
    ("who", "code"),
    [
        ("anonymous", "login_required"),
        ("stranger", "not_enrolled"),
        ("revoked", "enrollment_revoked"),
    ],
)
def test_people_without_access_are_told_why(who, code):
    from django.contrib.auth.models import AnonymousUser

    course = three_module_course()
    user = AnonymousUser() if who == "anonymous" else StudentFactory()
    if who == "revoked":
        EnrollmentFactory(user=user, course=course, status=EnrollmentStatus.REVOKED)
    roadmap = roadmap_get(user=user, course=course)
    assert roadmap.mode == AccessMode.NONE and roadmap.next_step is None
    assert lesson_states(roadmap) == [L] * 6
    with pytest.raises(PermissionDeniedError) as error:
        lesson_access_check(user=user, lesson=lessons_in_order(course)[0])
    assert error.value.code == code
    assert error.value.message == roadmap.denied_reason


def test_another_courses_student_is_refused(student):
    course = three_module_course()
    EnrollmentFactory(user=student, course=build_course(modules=1))
    with pytest.raises(PermissionDeniedError, match="Enroll to start this course."):
        lesson_access_check(user=student, lesson=lessons_in_order(course)[0])


def test_course_instructor_and_admin_preview_everything(instructor, admin_user):
    course = three_module_course(instructors=[instructor])
    for user in (instructor, admin_user):
        roadmap = roadmap_get(user=user, course=course)
        assert roadmap.mode == AccessMode.PREVIEW
        assert lesson_states(roadmap) == [A] * 6
        lesson_access_check(user=user, lesson=lessons_in_order(course)[-1])


def test_instructor_of_another_course_is_refused(instructor):
    course = three_module_course()
    with pytest.raises(PermissionDeniedError):
        lesson_access_check(user=instructor, lesson=lessons_in_order(course)[0])


def test_locked_lesson_is_refused_with_the_reason(student):
    course = three_module_course()
    EnrollmentFactory(user=student, course=course)
    with pytest.raises(PermissionDeniedError) as error:
        lesson_access_check(user=student, lesson=lessons_in_order(course)[1])
    assert error.value.code == "lesson_locked"
    assert error.value.message == "Finish “Lesson 1.1” first."


@pytest.mark.parametrize("status", [CourseStatus.ARCHIVED, CourseStatus.DRAFT])
def test_archiving_or_unpublishing_keeps_progress_and_access(student, status):
    course = three_module_course()
    EnrollmentFactory(user=student, course=course)
    complete_lessons(student, lessons_in_order(course)[:2])
    before = roadmap_get(user=student, course=course)
    course.status = status
    course.save(update_fields=["status"])
    after = roadmap_get(user=student, course=course)
    assert after.progress == before.progress == type(before.progress)(done=4, total=12)
    assert lesson_states(after) == lesson_states(before)


@pytest.mark.parametrize("tasks_per_lesson", [1, 20])
def test_roadmap_query_count_does_not_grow(student, django_assert_num_queries, tasks_per_lesson):
    # 5 tasks (5 modules x 1 lesson x 1 task) and 100 tasks (5 x 1 x 20).
    course = build_course(modules=5, lessons_per_module=1, tasks_per_lesson=tasks_per_lesson)
    EnrollmentFactory(user=student, course=course)
    complete_lessons(student, lessons_in_order(course)[:2])
    with django_assert_num_queries(5):  # enrollment, modules, lessons, tasks, completions
        roadmap = roadmap_get(user=student, course=course)
    assert roadmap.progress.total == 5 * tasks_per_lesson


@pytest.mark.parametrize("course_count", [5, 100])
def test_my_courses_query_count_does_not_grow(student, django_assert_num_queries, course_count):
    for _ in range(course_count):
        course = build_course(modules=1, lessons_per_module=2, tasks_per_lesson=1)
        EnrollmentFactory(user=student, course=course)
        complete_lessons(student, lessons_in_order(course)[:1])
    EnrollmentFactory(user=student, status=EnrollmentStatus.REVOKED)  # not listed
    with django_assert_num_queries(4):  # enrollments, task totals, completions, next tasks
        courses = my_courses_get(user=student)
    assert len(courses) == course_count
    assert all(item.progress.done == 1 and item.progress.total == 2 for item in courses)
    assert all(item.next_task.title == "Task 1.2.1" for item in courses)
