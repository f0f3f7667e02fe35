"""The phone-first layout from the server's side: the navigation list, sign-out clearing
the browser's copies, and no emoji in templates."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from lms.accounts.tests.factories import AdminFactory, StudentFactory

pytestmark = pytest.mark.django_db


def _nav_keys(content: str) -> list[str]:
    return re.findall(r'data-nav="([a-z_]+)"', content)


def test_a_student_gets_five_tabs_and_the_me_menu(client):
    client.force_login(StudentFactory())
    content = client.get("/app/").content.decode()
    assert _nav_keys(content) == ["home", "courses", "learn", "alerts", "me"]
    assert 'data-nav="home" aria-current="page"' in content
    assert "/admin/" not in content  # the console link is for staff only


def test_staff_see_the_console_in_the_me_menu(client):
    client.force_login(AdminFactory())
    assert 'href="/admin/"' in client.get("/app/").content.decode()


def test_a_guest_keeps_the_sign_in_links(client):
    content = client.get("/courses/").content.decode()
    assert _nav_keys(content) == []
    assert "/accounts/signup/" in content


def test_learn_is_current_on_a_roadmap(client):
    from lms.catalog.tests.factories import build_course
    from lms.learning.tests.factories import EnrollmentFactory

    student = StudentFactory()
    course = build_course(modules=1, lessons_per_module=1, tasks_per_lesson=1)
    EnrollmentFactory(user=student, course=course)
    client.force_login(student)
    content = client.get(f"/app/courses/{course.slug}/").content.decode()
    assert 'data-nav="learn" aria-current="page"' in content
    assert 'data-nav="home" aria-current' not in content


def test_sign_out_clears_the_browsers_copies(client):
    client.force_login(StudentFactory())
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_other_responses_do_not_clear_anything(client):
    client.force_login(StudentFactory())
    assert "Clear-Site-Data" not in client.get("/app/")


def test_the_service_worker_keeps_visited_roadmaps_and_lessons(client):
    script = client.get("/serviceworker.js").content.decode()
    assert "VISITED_PATHS" in script and "lms-visited-" in script
    assert '"clear"' in script


EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf\u2b50\u2b06\u2705\u274c]")


def test_no_emoji_in_templates():
    roots = [Path(settings.BASE_DIR) / "templates", Path(settings.BASE_DIR) / "student_pwa"]
    found = [
        f"{path}: {match.group()!r}"
        for root in roots
        for path in root.rglob("*.html")
        for match in EMOJI.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found, found
