"""The mentor's console: the key is write-only, usage without conversations unless the
privacy setting allows, lesson actions that queue study jobs (POST only)."""

import logging

import pytest

from lms.catalog.services import course_permissions_sync
from lms.catalog.tests.factories import build_course
from lms.learning.tests.factories import lessons_in_order
from lms.mentor.models import MentorSettings, StudyJob
from lms.mentor.services import mentor_settings_update
from lms.mentor.tests.conftest import SECRET_KEY
from lms.mentor.tests.factories import ConversationFactory

pytestmark = pytest.mark.django_db

SETTINGS_POST = {
    "base_url": "http://127.0.0.1:9/v1",
    "model": "m",
    "provider_name": "",
    "timeout_seconds": "10",
    "daily_messages_per_person": "5",
    "daily_tokens_per_person": "1000",
}


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_the_key_is_saved_never_shown_and_never_logged(admin_client, caplog):
    with caplog.at_level(logging.DEBUG):
        response = admin_client.post(
            "/admin/mentor/mentorsettings/add/", {**SETTINGS_POST, "new_api_key": SECRET_KEY}
        )
    assert response.status_code == 302
    assert MentorSettings.load().api_key == SECRET_KEY
    page = admin_client.get("/admin/mentor/mentorsettings/1/change/").content.decode()
    assert SECRET_KEY not in page
    assert "A key is saved." in page
    assert SECRET_KEY not in admin_client.get("/admin/mentor/mentorsettings/").content.decode()
    # Saving the form without a key keeps the saved one.
    admin_client.post("/admin/mentor/mentorsettings/1/change/", {**SETTINGS_POST, "model": "n"})
    assert (MentorSettings.load().model, MentorSettings.load().api_key) == ("n", SECRET_KEY)
    assert SECRET_KEY not in caplog.text
    admin_client.post(
        "/admin/mentor/mentorsettings/1/change/", {**SETTINGS_POST, "clear_api_key": "on"}
    )
    assert MentorSettings.load().api_key == ""


def test_conversations_hidden_unless_the_privacy_setting_allows(admin_client):
    conversation = ConversationFactory(title="My private question")
    assert admin_client.get("/admin/mentor/conversation/").status_code == 403
    assert admin_client.get("/admin/mentor/dailyusage/").status_code == 200
    mentor_settings_update(staff_may_read_conversations=True)
    page = admin_client.get("/admin/mentor/conversation/").content.decode()
    assert "My private question" in page
    change = admin_client.get(f"/admin/mentor/conversation/{conversation.pk}/change/")
    assert change.status_code == 200


def test_lesson_actions_queue_jobs_on_post_only(
    client, instructor, fake_provider, django_capture_on_commit_callbacks
):
    course = build_course(modules=1, lessons_per_module=1, instructors=[instructor])
    course_permissions_sync(course=course)
    lesson = lessons_in_order(course)[0]
    client.force_login(instructor)
    url = f"/admin/catalog/lesson/{lesson.pk}/summarize/"
    assert client.get(url).status_code == 200  # the confirmation page
    assert not StudyJob.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    job = StudyJob.objects.get()
    assert (job.kind, job.status, job.progress) == ("summary", "done", 100)
    listing = client.get("/admin/mentor/studyjob/").content.decode()
    assert 'value="100"' in listing


def test_another_instructor_cannot_queue_or_see_jobs(client, instructor, fake_provider):
    from lms.accounts.tests.factories import InstructorFactory

    course = build_course(modules=1, lessons_per_module=1, instructors=[instructor])
    course_permissions_sync(course=course)
    lesson = lessons_in_order(course)[0]
    StudyJob.objects.create(kind="summary", lesson=lesson, requested_by=instructor)
    client.force_login(InstructorFactory())
    assert client.post(f"/admin/catalog/lesson/{lesson.pk}/summarize/").status_code == 403
    assert StudyJob.objects.count() == 1
    assert "Lesson 1.1" not in client.get("/admin/mentor/studyjob/").content.decode()
