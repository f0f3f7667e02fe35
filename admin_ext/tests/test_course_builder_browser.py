"""The course builder in Chromium on a phone: an admin adds a module, a lesson and a task
without leaving the course's page, moves a lesson to another module (with the keyboard's
"Move" form, then back by dragging), and publishing is refused until the course is
complete, then allowed.

On failure, a screenshot and the page's HTML are written to /tmp/builder-browser/."""

import contextlib
import re
from pathlib import Path

import pytest

from lms.accounts.tests.factories import AdminFactory
from lms.catalog.models import Course, CourseStatus, EnrollmentMode, Lesson, Module
from lms.catalog.tests.factories import CourseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
ARTIFACTS = Path("/tmp/builder-browser")


def _expect():
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)
    return expect


def _add(page, form_id: str, title: str) -> None:
    form = page.get_by_test_id(form_id)
    form.locator('input[name="title"]').fill(title)
    form.get_by_role("button", name="Add").click()
    _expect()(page.get_by_test_id("builder-status")).to_contain_text(f"“{title}” added.")


def _publish(page, course_url: str) -> None:
    page.goto(course_url)
    more = page.locator("a", has_text="more_horiz")  # a phone folds the actions in a menu
    if more.is_visible():
        more.click()
    page.get_by_role("link", name="Publish", exact=True).first.click()
    page.get_by_role("button", name="Publish", exact=True).click()
    page.wait_for_load_state()


def test_build_reorder_and_publish_on_a_phone(live_server, chromium_browser, sign_in_browser):
    expect = _expect()
    admin = AdminFactory()
    course = CourseFactory(title="Python 101", draft=True, enrollment_mode=EnrollmentMode.FREE)
    context = chromium_browser.new_context(viewport=PHONE, locale="en-US")
    sign_in_browser(context, admin)
    page = context.new_page()
    page.set_default_timeout(15_000)
    course_url = f"{live_server.url}/admin/catalog/course/{course.pk}/change/"
    try:
        page.goto(course_url)
        _add(page, "add-modules", "Basics")
        basics = Module.objects.get(course=course, title_en="Basics")
        _add(page, f"add-lessons-{basics.pk}", "Variables")
        variables = Lesson.objects.get(module=basics)

        # A lesson with neither a task nor text to read: publishing is refused, saying why.
        _publish(page, course_url)
        expect(page.locator(".errornote")).to_contain_text("“Basics › Variables” has no task")
        course.refresh_from_db()
        assert course.status == CourseStatus.DRAFT

        page.goto(course_url)
        _add(page, f"add-tasks-{variables.pk}", "Name three types")
        _add(page, "add-modules", "Next steps")
        later = Module.objects.get(course=course, title_en="Next steps")
        _add(page, f"add-lessons-{later.pk}", "Loops")
        loops = Lesson.objects.get(module=later)
        _add(page, f"add-tasks-{loops.pk}", "Write a loop")

        # Across modules with the keyboard-reachable "Move" form.
        row = page.get_by_test_id(f"move-lessons-{loops.pk}")
        row.get_by_label(re.compile("Move “Loops” to module")).select_option(label="Basics")
        row.get_by_role("button", name="Move", exact=True).click()
        expect(page.get_by_test_id("builder-status")).to_contain_text("“Loops” moved.")
        assert list(basics.lessons.order_by("position").values_list("title_en", flat=True)) == [
            "Variables",
            "Loops",
        ]

        # And back by dragging it onto the other module's list.
        handle = page.get_by_test_id(f"lesson-{loops.pk}").locator("[data-drag-handle]").first
        handle.drag_to(page.get_by_test_id(f"module-{later.pk}").locator("strong"))
        expect(page.get_by_test_id(f"module-{later.pk}")).to_contain_text("Loops")
        assert Lesson.objects.get(pk=loops.pk).module_id == later.pk

        _publish(page, course_url)
        expect(page.get_by_text("Published.", exact=True)).to_be_visible()
        assert Course.objects.get(pk=course.pk).status == CourseStatus.PUBLISHED
    except Exception:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(Exception):
            page.screenshot(path=str(ARTIFACTS / "failure.png"), full_page=True)
            (ARTIFACTS / "failure.html").write_text(page.content())
        raise
    finally:
        context.close()
