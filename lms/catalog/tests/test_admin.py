"""The console as a person uses it: changelist actions, change pages, uploads."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lms.accounts.models import CohortMembership
from lms.accounts.tests.factories import CohortFactory, InstructorFactory, StudentFactory
from lms.catalog import services
from lms.catalog.models import Course, CourseStatus, Lesson, LessonDocument, Module
from lms.catalog.tests.factories import CourseFactory, build_course
from lms.learning.models import Enrollment

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:catalog_course_changelist")


def _taught(instructor, **fields):
    course = build_course(
        modules=1, lessons_per_module=1, tasks_per_lesson=1, instructors=[instructor], **fields
    )
    services.course_permissions_sync(course=course)
    return course


def _course_form(**overrides):
    data = {
        "title_en": "Console Course",
        "summary_en": "Built in the console",
        "description_en": "<p>Hi</p>",
        "title_hi": "",
        "summary_hi": "",
        "description_hi": "",
        "domain": "Web",
        "level": "beginner",
        "language": "en",
        "enrollment_mode": "free",
        "price": "0",
        "currency": "INR",
        "modules-TOTAL_FORMS": "0",
        "modules-INITIAL_FORMS": "0",
        "modules-MIN_NUM_FORMS": "0",
        "modules-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    data.update(overrides)
    return data


def test_pages_open_for_admin_and_instructor_and_not_for_students(
    client, admin_user, instructor, student
):
    course = _taught(instructor)
    lesson = Lesson.objects.filter(module__course=course).first()
    pages = [
        CHANGELIST,
        reverse("admin:catalog_course_add"),
        reverse("admin:catalog_course_change", args=[course.pk]),
        reverse("admin:catalog_module_changelist"),
        reverse("admin:catalog_module_change", args=[course.modules.first().pk]),
        reverse("admin:catalog_lesson_changelist"),
        reverse("admin:catalog_lesson_change", args=[lesson.pk]),
    ]
    for user in (admin_user, instructor):
        client.force_login(user)
        for url in pages:
            assert client.get(url).status_code == 200, (user.role, url)
    assert client.get(reverse("admin:catalog_instructorapplication_changelist")).status_code == 403
    client.force_login(student)
    assert client.get(CHANGELIST).status_code == 302  # to the console login


def test_instructor_sees_and_edits_only_their_courses(client, instructor):
    mine = _taught(instructor, title="Mine")
    other = _taught(InstructorFactory(), title="Someone Else's")
    client.force_login(instructor)

    html = client.get(CHANGELIST).content.decode()
    assert "Mine" in html and "Someone Else" not in html
    assert client.get(reverse("admin:catalog_course_change", args=[other.pk])).status_code == 403
    response = client.post(
        reverse("admin:catalog_course_change", args=[other.pk]), _course_form(title_en="Stolen")
    )
    assert response.status_code == 403
    other_module = other.modules.first()
    assert (
        client.get(reverse("admin:catalog_module_change", args=[other_module.pk])).status_code
        == 403
    )
    other_lesson = Lesson.objects.filter(module=other_module).first()
    assert (
        client.get(reverse("admin:catalog_lesson_change", args=[other_lesson.pk])).status_code
        == 403
    )
    other.refresh_from_db()
    assert other.title == "Someone Else's"
    assert client.get(reverse("admin:catalog_course_change", args=[mine.pk])).status_code == 200


def test_instructor_creates_a_course_in_the_console(client, instructor):
    client.force_login(instructor)
    response = client.post(
        reverse("admin:catalog_course_add"), _course_form(description_en="<p onclick='x'>Hi</p>")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    course = Course.objects.get(title_en="Console Course")
    assert course.status == CourseStatus.DRAFT and course.slug == "console-course"
    assert course.description_en == "<p>Hi</p>"
    assert list(course.instructors.all()) == [instructor]
    assert client.get(reverse("admin:catalog_course_change", args=[course.pk])).status_code == 200


def test_saving_the_course_form_leaves_the_roadmap_to_the_builder(client, admin_user):
    """The roadmap is edited in the builder; stale inline rows posted with the course's form
    (an old tab) cannot reorder or add modules."""
    course = build_course(modules=2, lessons_per_module=0, tasks_per_lesson=0)
    first, second = course.modules.order_by("position")
    client.force_login(admin_user)
    data = _course_form(
        title_en=course.title_en,
        **{
            "modules-TOTAL_FORMS": "3",
            "modules-INITIAL_FORMS": "2",
            "modules-0-id": str(first.pk),
            "modules-0-title_en": "First",
            "modules-0-position": "2",
            "modules-2-title_en": "New one",
        },
    )
    response = client.post(reverse("admin:catalog_course_change", args=[course.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(course.modules.order_by("position").values_list("pk", flat=True)) == [
        first.pk,
        second.pk,
    ]


def test_publish_action_through_the_changelist(client, admin_user, instructor):
    course = build_course(modules=1, lessons_per_module=1, draft=True, instructors=[instructor])
    services.course_permissions_sync(course=course)

    client.force_login(instructor)  # instructors do not even get the action
    client.post(CHANGELIST, {"action": "publish_selected", "_selected_action": [course.pk]})
    course.refresh_from_db()
    assert course.status == CourseStatus.DRAFT

    client.force_login(admin_user)
    response = client.post(
        CHANGELIST, {"action": "publish_selected", "_selected_action": [course.pk]}
    )
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.status == CourseStatus.PUBLISHED and course.published_at

    client.post(CHANGELIST, {"action": "unpublish_selected", "_selected_action": [course.pk]})
    course.refresh_from_db()
    assert course.status == CourseStatus.DRAFT


def test_review_in_the_console_with_feedback_the_instructor_sees(client, admin_user, instructor):
    course = _taught(instructor, status=CourseStatus.DRAFT)
    client.force_login(instructor)
    client.post(CHANGELIST, {"action": "submit_selected", "_selected_action": [course.pk]})
    course.refresh_from_db()
    assert course.status == CourseStatus.IN_REVIEW

    client.force_login(admin_user)
    form_page = client.post(
        CHANGELIST, {"action": "reject_selected", "_selected_action": [course.pk]}
    )
    assert (
        form_page.status_code == 200 and "Feedback for the instructor" in form_page.content.decode()
    )
    client.post(
        CHANGELIST,
        {
            "action": "reject_selected",
            "_selected_action": [course.pk],
            "apply": "1",
            "feedback": "Needs exercises.",
        },
    )
    course.refresh_from_db()
    assert course.status == CourseStatus.DRAFT and course.review_feedback == "Needs exercises."

    client.force_login(instructor)
    page = client.get(reverse("admin:catalog_course_change", args=[course.pk])).content.decode()
    assert "Needs exercises." in page


def test_enroll_a_group_through_the_changelist(client, admin_user):
    course = CourseFactory()
    cohort = CohortFactory()
    members = StudentFactory.create_batch(2)
    for member in members:
        CohortMembership.objects.create(cohort=cohort, user=member)
    Enrollment.objects.create(user=members[0], course=course, source="free")
    client.force_login(admin_user)

    form_page = client.post(
        CHANGELIST, {"action": "enroll_selected", "_selected_action": [course.pk]}
    )
    assert form_page.status_code == 200 and "Or a whole group" in form_page.content.decode()
    response = client.post(
        CHANGELIST,
        {
            "action": "enroll_selected",
            "_selected_action": [course.pk],
            "apply": "1",
            "cohort": str(cohort.pk),
        },
        follow=True,
    )
    assert set(Enrollment.objects.filter(course=course).values_list("user_id", flat=True)) == {
        m.pk for m in members
    }
    assert Enrollment.objects.get(user=members[1], course=course).source == "admin"
    assert any(
        "1 enrolled, 1 already enrolled" in str(message)
        for message in get_messages(response.wsgi_request)
    )


def test_duplicate_action(client, admin_user):
    course = build_course(modules=2, lessons_per_module=1, tasks_per_lesson=1, title="Original")
    client.force_login(admin_user)
    client.post(CHANGELIST, {"action": "duplicate_selected", "_selected_action": [course.pk]})
    copy = Course.objects.get(title_en="Copy of Original")
    assert copy.status == CourseStatus.DRAFT and Module.objects.filter(course=copy).count() == 2


def test_view_as_student_opens_the_roadmap_or_explains(client, admin_user):
    course = CourseFactory()
    client.force_login(admin_user)
    response = client.get(reverse("admin:catalog_course_view_as_student", args=[course.pk]))
    assert response.status_code == 302
    try:
        expected = reverse("student_pwa:course_roadmap", args=[course.slug])
    except Exception:
        expected = reverse("admin:catalog_course_change", args=[course.pk])
    assert response["Location"] == expected


def test_refused_upload_shows_a_form_error(client, admin_user):
    course = build_course(modules=1, lessons_per_module=1, tasks_per_lesson=0)
    lesson = Lesson.objects.get(module__course=course)
    client.force_login(admin_user)
    data = {
        "module": str(lesson.module_id),
        "estimated_minutes": "5",
        "title_en": lesson.title_en,
        "title_hi": "",
        "body": "<p>x</p>",
        "video_url": "",
        "subtitles": SimpleUploadedFile("captions.vtt", b"<html>not subtitles</html>"),
        "tasks-TOTAL_FORMS": "0",
        "tasks-INITIAL_FORMS": "0",
        "tasks-MIN_NUM_FORMS": "0",
        "tasks-MAX_NUM_FORMS": "1000",
        "documents-TOTAL_FORMS": "1",
        "documents-INITIAL_FORMS": "0",
        "documents-MIN_NUM_FORMS": "0",
        "documents-MAX_NUM_FORMS": "1000",
        "documents-0-lesson": str(lesson.pk),
        "documents-0-title": "Slides",
        "documents-0-position": "1",
        "documents-0-file": SimpleUploadedFile("slides.pdf", b"MZ\x90\x00 an executable"),
        "_save": "Save",
    }
    response = client.post(reverse("admin:catalog_lesson_change", args=[lesson.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "does not match its “.vtt” extension" in html
    assert "does not match its “.pdf” extension" in html
    assert not LessonDocument.objects.exists()
