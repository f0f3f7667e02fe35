"""The roadmap's outline (modules → lessons → tasks of a course) is cached per catalog version
and language (`lms.learning.answers.outline_rows_get`): after any change of the roadmap the
cached answer is the same as a fresh model read, at once; access and progress are never
cached (each person's completions and enrollment are read on every request)."""

import pytest
from django.urls import reverse
from django.utils.translation import override
from rest_framework_simplejwt.tokens import AccessToken

from lms.api.learning import RoadmapOutputSerializer
from lms.catalog import services
from lms.catalog.models import Lesson, Module, Task, TaskKind
from lms.catalog.tests.factories import build_course
from lms.core.errors import PermissionDeniedError
from lms.learning.answers import roadmap_answer_get
from lms.learning.models import EnrollmentStatus
from lms.learning.selectors import roadmap_get
from lms.learning.tests.factories import EnrollmentFactory, complete_lessons, lessons_in_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    return build_course(modules=2, lessons_per_module=2, tasks_per_lesson=2, title_hi="पाठ्यक्रम")


def fresh(user, course) -> dict:
    """The roadmap read from the models, never from the cache."""
    return RoadmapOutputSerializer(roadmap_get(user=user, course=course)).data


def titles(answer) -> list:
    return [
        (
            module["title"],
            [
                (lesson["title"], [t["title"] for t in lesson["tasks"]])
                for lesson in module["lessons"]
            ],
        )
        for module in answer["modules"]
    ]


@pytest.mark.parametrize("count", [5, 60])
def test_a_cached_outline_leaves_two_queries(student, django_assert_num_queries, count):
    course = build_course(modules=5, lessons_per_module=1, tasks_per_lesson=count // 5)
    EnrollmentFactory(user=student, course=course)
    complete_lessons(student, lessons_in_order(course)[:2])
    # enrollment, modules, lessons, tasks, completions
    with django_assert_num_queries(5):
        first = roadmap_answer_get(user=student, course=course)
    # enrollment, completions
    with django_assert_num_queries(2):
        second = roadmap_answer_get(user=student, course=course)
    assert first == second == fresh(student, course)
    assert second["progress"] == {"done": 2 * count // 5, "total": count, "percent": 40}


def _reorder_modules(course, author):
    ids = list(course.modules.order_by("position").values_list("pk", flat=True))
    services.module_reorder(course=course, module_ids=ids[::-1], acting_user=author)


def _reorder_tasks(course, author):
    lesson = lessons_in_order(course)[0]
    ids = list(lesson.tasks.order_by("position").values_list("pk", flat=True))
    services.task_reorder(lesson=lesson, task_ids=ids[::-1], acting_user=author)


def _move_lesson(course, author):
    first, second = course.modules.order_by("position")
    lesson = second.lessons.order_by("position").last()
    services.lesson_move(lesson=lesson, module=first, position=1, acting_user=author)


def _move_task(course, author):
    lessons = lessons_in_order(course)
    task = lessons[3].tasks.order_by("position").first()
    services.task_move(task=task, lesson=lessons[0], position=1, acting_user=author)


def _rename_task(course, author):
    task = Task.objects.filter(lesson__module__course=course).first()
    services.task_update(task=task, acting_user=author, title="Renamed task")


def _rename_lesson(course, author):
    services.lesson_update(lesson=lessons_in_order(course)[1], acting_user=author, title="New")


def _add_lesson(course, author):
    module = course.modules.order_by("position").first()
    lesson = services.lesson_create(module=module, acting_user=author, title="Added lesson")
    services.task_create(lesson=lesson, acting_user=author, title="Added task", kind=TaskKind.READ)


def _remove_lesson(course, author):
    services.lesson_delete(lesson=lessons_in_order(course)[0], acting_user=author)


def _remove_task(course, author):
    task = Task.objects.filter(lesson__module__course=course).order_by("pk").last()
    services.task_delete(task=task, acting_user=author)


def _free_order(course, author):
    module = course.modules.order_by("position").last()
    services.module_update(module=module, acting_user=author, free_order=True)


def _task_kind(course, author):
    task = Task.objects.filter(lesson__module__course=course).order_by("pk").last()
    services.task_update(task=task, acting_user=author, kind=TaskKind.ASSIGNMENT)


def _add_module(course, author):
    module = services.module_create(course=course, acting_user=author, title="Module three")
    lesson = services.lesson_create(module=module, acting_user=author, title="Lesson three")
    services.task_create(lesson=lesson, acting_user=author, title="Task three", kind=TaskKind.READ)


@pytest.mark.parametrize(
    "change",
    [
        _reorder_modules,
        _reorder_tasks,
        _move_lesson,
        _move_task,
        _rename_task,
        _rename_lesson,
        _add_lesson,
        _remove_lesson,
        _remove_task,
        _free_order,
        _task_kind,
        _add_module,
    ],
)
def test_every_change_of_the_roadmap_shows_at_once(student, admin_user, course, change):
    EnrollmentFactory(user=student, course=course)
    complete_lessons(student, lessons_in_order(course)[:1])
    before = roadmap_answer_get(user=student, course=course)
    assert before == fresh(student, course)
    change(course, admin_user)
    after = roadmap_answer_get(user=student, course=course)
    assert after == fresh(student, course)
    assert after != before


def test_a_reorder_in_the_course_builder_shows_at_once_in_the_api(
    client, api_client, student, admin_user, course
):
    EnrollmentFactory(user=student, course=course)
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(student)}")
    url = reverse("api:course-roadmap", args=[course.slug])
    before = api_client.get(url).json()
    first, second = Module.objects.filter(course=course).order_by("position")
    client.force_login(admin_user)
    move = reverse("admin:catalog_course_builder_modules_move", args=[course.pk, second.pk])
    assert client.post(move, {"position": "1"}, HTTP_HX_REQUEST="true").status_code == 200
    after = api_client.get(url).json()
    assert [m["id"] for m in before["modules"]] == [first.pk, second.pk]
    assert [m["id"] for m in after["modules"]] == [second.pk, first.pk]
    # The module now first is open; the other is locked behind it.
    assert [m["state"] for m in after["modules"]] == ["available", "locked"]


def test_publishing_and_unpublishing_show_at_once(api_client, student, admin_user, course):
    EnrollmentFactory(user=student, course=course)
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(student)}")
    url = reverse("api:course-roadmap", args=[course.slug])
    assert api_client.get(url).json()["course"]["status"] == "published"
    services.course_unpublish(course=course, acting_user=admin_user)
    assert api_client.get(url).json()["course"]["status"] == "draft"
    course.refresh_from_db()
    services.course_publish(course=course, acting_user=admin_user)
    assert api_client.get(url).json()["course"]["status"] == "published"


def test_each_language_has_its_own_outline(student, admin_user, course):
    EnrollmentFactory(user=student, course=course)
    module = course.modules.order_by("position").first()
    with override("hi"):
        assert roadmap_answer_get(user=student, course=course)["modules"][0]["title"] == "Module 1"
    assert roadmap_answer_get(user=student, course=course)["modules"][0]["title"] == "Module 1"
    services.module_update(module=module, acting_user=admin_user, title_hi="पहला मॉड्यूल")
    with override("hi"):
        answer = roadmap_answer_get(user=student, course=course)
        assert answer == fresh(student, course)
    assert answer["modules"][0]["title"] == "पहला मॉड्यूल"
    english = roadmap_answer_get(user=student, course=course)
    assert english["modules"][0]["title"] == "Module 1"
    assert english == fresh(student, course)


def test_progress_and_locks_are_each_persons_own(student, course):
    from lms.accounts.tests.factories import StudentFactory

    other = StudentFactory()
    EnrollmentFactory(user=student, course=course)
    EnrollmentFactory(user=other, course=course)
    lessons = lessons_in_order(course)
    complete_lessons(student, lessons[:2])
    mine = roadmap_answer_get(user=student, course=course)  # fills the cache
    theirs = roadmap_answer_get(user=other, course=course)  # read from it
    assert mine["progress"]["done"] == 4
    assert theirs["progress"]["done"] == 0
    assert theirs == fresh(other, course)
    states = [lesson["state"] for m in theirs["modules"] for lesson in m["lessons"]]
    assert states == ["available", "locked", "locked", "locked"]
    assert [t["state"] for t in theirs["modules"][0]["lessons"][0]["tasks"]] == ["available"] * 2
    # A locked lesson stays locked for its content too (the lock rule reads no cache).
    with pytest.raises(PermissionDeniedError) as refused:
        from lms.learning.selectors import lesson_access_check

        lesson_access_check(user=other, lesson=Lesson.objects.get(pk=lessons[2].pk))
    assert refused.value.code == "lesson_locked"


def test_losing_access_shows_at_once(student, course):
    enrollment = EnrollmentFactory(user=student, course=course)
    roadmap_answer_get(user=student, course=course)
    enrollment.status = EnrollmentStatus.REVOKED
    enrollment.save(update_fields=["status"])
    with pytest.raises(PermissionDeniedError) as refused:
        roadmap_answer_get(user=student, course=course)
    assert refused.value.code == "enrollment_revoked"
