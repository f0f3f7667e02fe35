"""Authoring rights, as a reviewer probes them: every console door an instructor could use on
another instructor's course (history, delete pages, detail and bulk actions, add forms
naming someone else's course or module, autocomplete), publishing, and drafts in public."""

import pytest
from django.urls import reverse

from lms.accounts.tests.factories import InstructorFactory
from lms.catalog import services
from lms.catalog.models import Course, CourseStatus, Lesson, Module
from lms.catalog.tests.factories import build_course

pytestmark = pytest.mark.django_db


def _taught(instructor, **fields):
    course = build_course(
        modules=1, lessons_per_module=1, tasks_per_lesson=1, instructors=[instructor], **fields
    )
    services.course_permissions_sync(course=course)
    return course


@pytest.fixture
def theirs():
    return _taught(InstructorFactory(), title="Theirs", status=CourseStatus.DRAFT)


def test_instructor_cannot_open_history_or_delete_pages_of_another_course(
    client, instructor, theirs
):
    module = theirs.modules.first()
    lesson = Lesson.objects.get(module=module)
    client.force_login(instructor)
    for name, pk in (
        ("course", theirs.pk),
        ("module", module.pk),
        ("lesson", lesson.pk),
    ):
        for page in ("history", "delete"):
            url = reverse(f"admin:catalog_{name}_{page}", args=[pk])
            assert client.get(url).status_code == 403, url
            assert client.post(url, {"post": "yes"}).status_code == 403, url
    assert Module.objects.filter(pk=module.pk).exists()
    assert Lesson.objects.filter(pk=lesson.pk).exists()


def test_instructor_cannot_run_detail_actions_on_another_course(client, instructor, theirs):
    Course.objects.filter(pk=theirs.pk).update(status=CourseStatus.DRAFT)
    client.force_login(instructor)
    for path in ("submit", "approve", "publish", "unpublish", "view-as-student"):
        url = reverse("admin:catalog_course_change", args=[theirs.pk]).replace(
            "change/", f"{path}/"
        )
        response = client.get(url)
        assert response.status_code in (403, 404), (path, response.status_code)
    theirs.refresh_from_db()
    assert theirs.status == CourseStatus.DRAFT


def test_instructor_cannot_publish_their_own_course_in_the_console(client, instructor):
    mine = _taught(instructor, status=CourseStatus.DRAFT)
    client.force_login(instructor)
    url = reverse("admin:catalog_course_change", args=[mine.pk]).replace("change/", "publish/")
    assert client.get(url).status_code == 403
    response = client.post(
        reverse("admin:catalog_course_changelist"),
        {"action": "publish_selected", "_selected_action": [mine.pk]},
    )
    mine.refresh_from_db()
    assert mine.status == CourseStatus.DRAFT
    assert response.status_code in (200, 302, 403)


@pytest.mark.parametrize("action", ["duplicate_selected", "submit_selected", "delete_selected"])
def test_bulk_actions_never_touch_another_course(client, instructor, theirs, action):
    client.force_login(instructor)
    before = Course.objects.count()
    client.post(
        reverse("admin:catalog_course_changelist"),
        {"action": action, "_selected_action": [theirs.pk], "post": "yes"},
    )
    theirs.refresh_from_db()
    assert theirs.status == CourseStatus.DRAFT
    assert Course.objects.count() == before


def test_bulk_delete_of_modules_and_lessons_never_touches_another_course(
    client, instructor, theirs
):
    module = theirs.modules.first()
    lesson = Lesson.objects.get(module=module)
    client.force_login(instructor)
    client.post(
        reverse("admin:catalog_module_changelist"),
        {"action": "delete_selected", "_selected_action": [module.pk], "post": "yes"},
    )
    client.post(
        reverse("admin:catalog_lesson_changelist"),
        {"action": "delete_selected", "_selected_action": [lesson.pk], "post": "yes"},
    )
    assert Module.objects.filter(pk=module.pk).exists()
    assert Lesson.objects.filter(pk=lesson.pk).exists()


def test_add_forms_refuse_another_instructors_course_or_module(client, instructor, theirs):
    module = theirs.modules.first()
    client.force_login(instructor)
    response = client.post(
        reverse("admin:catalog_module_add"),
        {
            "course": theirs.pk,
            "title_en": "Injected",
            "lessons-TOTAL_FORMS": "0",
            "lessons-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code in (200, 403)
    assert not Module.objects.filter(title_en="Injected").exists()
    response = client.post(
        reverse("admin:catalog_lesson_add"),
        {
            "module": module.pk,
            "title_en": "Injected",
            "estimated_minutes": "1",
            "tasks-TOTAL_FORMS": "0",
            "tasks-INITIAL_FORMS": "0",
            "documents-TOTAL_FORMS": "0",
            "documents-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code in (200, 403)
    assert not Lesson.objects.filter(title_en="Injected").exists()


def test_autocomplete_lists_only_courses_the_instructor_teaches(client, instructor, theirs):
    mine = _taught(instructor, title="Mine")
    client.force_login(instructor)
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": "learning", "model_name": "enrollment", "field_name": "course", "term": ""},
    )
    if response.status_code == 200:
        ids = {int(row["id"]) for row in response.json()["results"]}
        assert theirs.pk not in ids and ids <= {mine.pk}
    else:
        assert response.status_code in (403, 404)


def test_drafts_are_invisible_to_guests_everywhere(client, api_client, instructor):
    draft = _taught(instructor, title="Hidden Draft Course", status=CourseStatus.DRAFT)
    in_review = _taught(instructor, title="Hidden Review Course", status=CourseStatus.IN_REVIEW)
    for course in (draft, in_review):
        assert (
            client.get(reverse("student_pwa:course_detail", args=[course.slug])).status_code == 404
        )
        assert api_client.get(f"/api/v1/courses/{course.slug}/").status_code == 404
    for url in ("/", "/courses/", "/instructors/", f"/instructors/{instructor.pk}/"):
        response = client.get(url)
        assert b"Hidden" not in response.content, url
    assert b"Hidden" not in api_client.get("/api/v1/courses/").content
    assert b"Hidden" not in api_client.get("/api/v1/instructors/").content


def test_console_pages_never_show_the_storage_address_of_private_files(client, admin_user):
    from django.core.files.base import ContentFile

    from lms.catalog.tests.factories import LessonDocumentFactory

    course = build_course(modules=1, lessons_per_module=1, tasks_per_lesson=1)
    lesson = Lesson.objects.get(module__course=course)
    lesson.video_file.save("clip.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42"), save=False)
    lesson.subtitles.save("clip.vtt", ContentFile(b"WEBVTT\n"), save=False)
    lesson.save()
    document = LessonDocumentFactory(lesson=lesson)
    client.force_login(admin_user)
    html = client.get(reverse("admin:catalog_lesson_change", args=[lesson.pk])).content.decode()
    for field_file in (lesson.video_file, lesson.subtitles, document.file):
        assert field_file.url not in html
    assert "/media/private/" not in html
    assert reverse("student_pwa:lesson_file", args=[lesson.pk, "video"]) in html
    assert reverse("student_pwa:lesson_file", args=[lesson.pk, "subtitles"]) in html
    assert reverse("student_pwa:document_file", args=[document.pk]) in html
    # The link works for whoever may open the page (admins and the course's instructors).
    response = client.get(reverse("student_pwa:lesson_file", args=[lesson.pk, "subtitles"]))
    assert response.status_code == 200


def test_saving_in_hindi_does_not_copy_the_english_description_into_hindi(client, admin_user):
    from django.utils import translation

    course = build_course(modules=1, lessons_per_module=1, tasks_per_lesson=1)
    Course.objects.filter(pk=course.pk).update(
        description_en="<p>English <script>x</script></p>", description_hi=""
    )
    course.refresh_from_db()
    with translation.override("hi"):
        services.course_save(course=course, acting_user=admin_user)
    course.refresh_from_db()
    assert course.description_hi == ""
    assert course.description_en == "<p>English </p>"
