"""The one-screen course builder through the console's HTTP views: add, edit, delete and
move modules, lessons and tasks (within and across parents), who may, and the tree answer."""

import pytest
from django.urls import reverse

from lms.accounts.tests.factories import InstructorFactory
from lms.catalog import services
from lms.catalog.models import Lesson, Module, Task
from lms.catalog.tests.factories import build_course

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def course(instructor):
    course = build_course(
        modules=2,
        lessons_per_module=2,
        tasks_per_lesson=2,
        instructors=[instructor],
        title="Python 101",
    )
    services.course_permissions_sync(course=course)
    return course


@pytest.fixture
def author(client, instructor):
    client.force_login(instructor)
    return client


def _url(name, course, *args):
    return reverse(f"admin:catalog_course_builder{name}", args=[course.pk, *args])


def _titles(queryset):
    return list(queryset.order_by("position").values_list("title_en", flat=True))


def test_the_change_page_shows_the_whole_roadmap(author, course):
    response = author.get(reverse("admin:catalog_course_change", args=[course.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="course-builder"' in html
    for title in ("Module 1", "Lesson 2.2", "Task 2.2.2"):
        assert title in html
    lesson = Lesson.objects.get(title_en="Lesson 1.1")
    assert reverse("student_pwa:lesson_detail", args=[course.slug, lesson.pk]) in html


def test_add_a_module_a_lesson_and_a_task(author, course):
    response = author.post(_url("_add", course), {"add": "modules", "title": "Extras"}, **HTMX)
    assert response.status_code == 200
    assert "“Extras” added." in response.content.decode()
    module = Module.objects.get(course=course, title_en="Extras")
    assert module.position == 3

    author.post(
        _url("_add", course), {"add": "lessons", "parent": module.pk, "title": "Tips"}, **HTMX
    )
    lesson = Lesson.objects.get(module=module, title_en="Tips")
    author.post(
        _url("_add", course),
        {"add": "tasks", "parent": lesson.pk, "title": "Try it", "kind": "practice"},
        **HTMX,
    )
    task = Task.objects.get(lesson=lesson)
    assert (task.title_en, task.kind, task.position) == ("Try it", "practice", 1)


def test_without_htmx_a_write_returns_to_the_change_page(author, course):
    response = author.post(_url("_add", course), {"add": "modules", "title": "Plain"})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:catalog_course_change", args=[course.pk])


def test_add_without_a_title_is_refused_with_a_sentence(author, course):
    response = author.post(_url("_add", course), {"add": "modules", "title": ""}, **HTMX)
    assert "Give the new item a title." in response.content.decode()
    assert course.modules.count() == 2


def test_edit_a_task_with_instructions_and_a_lesson_with_its_hindi_body(author, course):
    task = Task.objects.get(title_en="Task 1.1.1")
    form = author.get(_url("_tasks_edit", course, task.pk), **HTMX)
    assert form.status_code == 200 and 'name="instructions"' in form.content.decode()
    author.post(
        _url("_tasks_edit", course, task.pk),
        {
            "title_en": "Read the intro",
            "title_hi": "",
            "kind": "read",
            "instructions": "<p>Read it</p><script>x()</script>",
        },
        **HTMX,
    )
    task.refresh_from_db()
    assert task.title_en == "Read the intro"
    assert task.instructions == "<p>Read it</p>"  # sanitized by the service

    lesson = Lesson.objects.get(title_en="Lesson 1.1")
    author.post(
        _url("_lessons_edit", course, lesson.pk),
        {
            "title_en": "Lesson 1.1",
            "title_hi": "पाठ",
            "estimated_minutes": "5",
            "video_url": "",
            "body_en": "<p>Hello</p>",
            "body_hi": "<p>नमस्ते</p>",
        },
        **HTMX,
    )
    lesson.refresh_from_db()
    assert (lesson.title_hi, lesson.body_hi) == ("पाठ", "<p>नमस्ते</p>")


def test_an_invalid_edit_shows_the_form_again(author, course):
    module = course.modules.first()
    response = author.post(_url("_modules_edit", course, module.pk), {"title_en": ""}, **HTMX)
    assert response["HX-Retarget"] == "#builder-editor"
    assert "builder-editor-form" in response.content.decode()


def test_delete_closes_the_gap(author, course):
    first = Lesson.objects.get(title_en="Lesson 1.1")
    author.post(_url("_lessons_delete", course, first.pk), **HTMX)
    assert not Lesson.objects.filter(pk=first.pk).exists()
    assert list(first.module.lessons.values_list("title_en", "position")) == [("Lesson 1.2", 1)]


def test_reorder_within_a_module(author, course):
    second = Lesson.objects.get(title_en="Lesson 1.2")
    author.post(_url("_lessons_move", course, second.pk), {"position": "1"}, **HTMX)
    assert _titles(second.module.lessons) == ["Lesson 1.2", "Lesson 1.1"]

    module = Module.objects.get(title_en="Module 2")
    author.post(_url("_modules_move", course, module.pk), {"position": "1"}, **HTMX)
    assert _titles(course.modules) == ["Module 2", "Module 1"]


def test_move_a_lesson_and_a_task_across_parents(author, course):
    lesson = Lesson.objects.get(title_en="Lesson 1.1")
    target = Module.objects.get(title_en="Module 2")
    author.post(
        _url("_lessons_move", course, lesson.pk), {"parent": target.pk, "position": "2"}, **HTMX
    )
    assert _titles(target.lessons) == ["Lesson 2.1", "Lesson 1.1", "Lesson 2.2"]
    assert list(
        Module.objects.get(title_en="Module 1").lessons.values_list("position", flat=True)
    ) == [1]

    task = Task.objects.get(title_en="Task 2.2.2")
    to_lesson = Lesson.objects.get(title_en="Lesson 1.2")
    author.post(
        _url("_tasks_move", course, task.pk), {"parent": to_lesson.pk, "position": "99"}, **HTMX
    )
    assert _titles(to_lesson.tasks) == ["Task 1.2.1", "Task 1.2.2", "Task 2.2.2"]


def test_an_item_of_another_course_is_not_found(author, course, instructor):
    other = build_course(modules=1, lessons_per_module=1, instructors=[instructor])
    services.course_permissions_sync(course=other)
    foreign = Module.objects.get(course=other)
    assert author.post(_url("_modules_delete", course, foreign.pk)).status_code == 404
    lesson = Lesson.objects.get(module__course=course, title_en="Lesson 1.1")
    response = author.post(
        _url("_lessons_move", course, lesson.pk), {"parent": foreign.pk, "position": "1"}
    )
    assert response.status_code == 404
    assert Module.objects.filter(pk=foreign.pk).exists()


def test_another_instructor_gets_403_and_a_student_is_sent_to_sign_in(client, course, student):
    module = course.modules.first()
    client.force_login(InstructorFactory())
    for url in (_url("_add", course), _url("_modules_delete", course, module.pk)):
        assert client.post(url, {"add": "modules", "title": "X"}).status_code == 403
    assert client.get(_url("", course)).status_code == 403

    client.force_login(student)
    response = client.post(_url("_modules_delete", course, module.pk))
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert Module.objects.filter(pk=module.pk).exists()


def test_writes_are_post_only(author, course):
    module = course.modules.first()
    assert author.get(_url("_modules_delete", course, module.pk)).status_code == 405
    assert author.get(_url("_add", course)).status_code == 405


def test_admin_may_build_any_course(client, admin_user, course):
    client.force_login(admin_user)
    client.post(_url("_add", course), {"add": "modules", "title": "By admin"}, **HTMX)
    assert course.modules.filter(title_en="By admin").exists()


def test_pickers_and_breadcrumbs_name_the_course(author, course):
    lesson = Lesson.objects.get(title_en="Lesson 1.1")
    page = author.get(reverse("admin:catalog_lesson_change", args=[lesson.pk])).content.decode()
    assert "Python 101 › Module 1" in page  # the module picker
    assert 'data-testid="course-breadcrumbs"' in page
    assert reverse("admin:catalog_course_change", args=[course.pk]) in page
    assert 'name="body_hi"' in page
    task = lesson.tasks.first()
    page = author.get(_url("_tasks_edit", course, task.pk)).content.decode()
    assert reverse("admin:catalog_lesson_change", args=[lesson.pk]) in page


def test_view_as_student_previews_a_lesson_without_enrolling_or_recording(author, course):
    from lms.learning.models import Enrollment, LessonProgress, TaskCompletion

    lesson = Lesson.objects.get(title_en="Lesson 2.1")  # locked for a student: not the first
    response = author.get(reverse("student_pwa:lesson_detail", args=[course.slug, lesson.pk]))
    assert response.status_code == 200
    assert "Lesson 2.1" in response.content.decode()
    assert not Enrollment.objects.exists()
    assert not LessonProgress.objects.exists() and not TaskCompletion.objects.exists()
