"""The student app on a phone, in Chromium: the tab bar, the folded catalog filters, and
offline reading of visited lessons (issue 16, "Student app (phone first)")."""

import pytest

from lms.accounts.tests.factories import StudentFactory
from lms.catalog.tests.factories import CourseFactory, build_course
from lms.learning.tests.factories import EnrollmentFactory, lessons_in_order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_360 = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
TIMEOUT_MS = 15_000


def _context(browser, viewport):
    phone = viewport["width"] < 600
    context = browser.new_context(
        viewport=viewport, is_mobile=phone, has_touch=phone, locale="en-US", reduced_motion="reduce"
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def student_in_course(db):
    course = build_course(modules=1, lessons_per_module=3, tasks_per_lesson=1, slug="phones-101")
    for number in range(3):
        CourseFactory(title=f"Extra course {number}")
    student = StudentFactory()
    EnrollmentFactory(user=student, course=course)
    return student, course, lessons_in_order(course)


def _single_row(page) -> dict:
    return page.evaluate(
        """() => {
          const nav = document.querySelector('[data-testid=app-nav]');
          const links = [...nav.querySelectorAll('.app-nav__list > li > a, .app-nav__list > li summary')];
          const tops = links.map(el => Math.round(el.getBoundingClientRect().top));
          const box = nav.getBoundingClientRect();
          return {count: links.length, rows: new Set(tops).size, top: box.top, bottom: box.bottom,
                  height: window.innerHeight, labels: links.map(el => el.textContent.trim())};
        }"""
    )


@pytest.mark.parametrize(
    ("viewport", "at_bottom"), [(PHONE_360, True), (DESKTOP, False)], ids=["360px", "1280px"]
)
def test_tab_bar_is_one_row_at_the_bottom_on_phones_and_on_top_on_wide_screens(
    live_server, chromium_browser, sign_in_browser, student_in_course, viewport, at_bottom
):
    student, _course, _lessons = student_in_course
    context = _context(chromium_browser, viewport)
    sign_in_browser(context, student)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/app/")
        shape = _single_row(page)
        assert shape["labels"] == ["Home", "Courses", "Learn", "Alerts", "Me"]
        assert shape["rows"] == 1, shape
        if at_bottom:
            assert abs(shape["bottom"] - shape["height"]) <= 1, shape
        else:
            assert shape["top"] < 100, shape
        assert page.locator("[data-nav=home]").get_attribute("aria-current") == "page"
        # The "Me" menu holds the rest, including sign-out.
        page.locator("[data-nav=me]").click()
        assert page.get_by_role("link", name="Assignments").is_visible()
        assert page.get_by_role("button", name="Log out").is_visible()
    finally:
        context.close()


def test_catalog_filters_fold_behind_one_button_on_a_phone(
    live_server, chromium_browser, student_in_course
):
    context = _context(chromium_browser, PHONE_360)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/courses/")
        toggle = page.locator("[data-collapse-toggle]")
        assert toggle.is_visible()
        assert toggle.get_attribute("aria-expanded") == "false"
        assert not page.locator("#catalog-filters").is_visible()
        # A course shows on the first screen.
        card = page.locator(".course-card").first.bounding_box()
        assert card is not None and card["y"] < PHONE_360["height"]
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true"
        assert page.locator("#catalog-filters").is_visible()
    finally:
        context.close()
    context = _context(chromium_browser, DESKTOP)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/courses/")
        assert not page.locator("[data-collapse-toggle]").is_visible()
        assert page.locator("#catalog-filters").is_visible()
    finally:
        context.close()


def _wait_for_worker(page) -> None:
    page.wait_for_function(
        "() => navigator.serviceWorker && navigator.serviceWorker.controller !== null"
    )


def test_a_visited_lesson_reads_offline_and_a_new_one_is_refused_and_sign_out_clears(
    live_server, chromium_browser, sign_in_browser, student_in_course
):
    student, course, lessons = student_in_course
    context = _context(chromium_browser, PHONE_360)
    sign_in_browser(context, student)
    page = context.new_page()
    base = live_server.url
    visited = f"{base}/app/courses/{course.slug}/lessons/{lessons[0].pk}/"
    never = f"{base}/app/courses/{course.slug}/lessons/{lessons[1].pk}/"
    try:
        page.goto(base + "/app/")
        _wait_for_worker(page)
        page.goto(visited)
        status = page.locator("[data-offline-status]")
        status.filter(has_text="Saved for offline").wait_for()

        context.set_offline(True)
        page.goto(visited)
        assert page.locator("h1").first.inner_text() == lessons[0].title
        status.filter(has_text="You’re offline").wait_for()

        page.goto(never)
        assert page.locator("h1").first.inner_text() == "You are offline"

        # Marking a task done offline is queued, then sent when the network returns.
        page.goto(visited)
        page.locator("form[data-offline-queue] button").first.click()
        page.locator(".toast--warning").wait_for()
        assert (
            page.evaluate("() => JSON.parse(localStorage.getItem('lms-progress-queue')).length")
            == 1
        )
        context.set_offline(False)
        page.locator(".toast--success", has_text="progress was sent").wait_for()
        from lms.learning.models import TaskCompletion

        assert TaskCompletion.objects.filter(user=student, task__lesson=lessons[0]).exists()

        # Signing out leaves nothing readable behind.
        page.goto(base + "/app/")
        page.locator("[data-nav=me]").click()
        with page.expect_navigation():
            page.get_by_role("button", name="Log out").click()
        page.wait_for_function(
            "async () => (await caches.keys()).filter(n => n.startsWith('lms-visited')).length === 0"
        )
    finally:
        context.close()


def test_the_tab_bar_stays_one_row_in_hindi_at_360px(
    live_server, chromium_browser, sign_in_browser, student_in_course
):
    student, _course, _lessons = student_in_course
    context = _context(chromium_browser, PHONE_360)
    sign_in_browser(context, student)
    context.add_cookies([{"name": "django_language", "value": "hi", "url": live_server.url}])
    page = context.new_page()
    try:
        page.goto(live_server.url + "/app/")
        shape = _single_row(page)
        assert shape["labels"] == ["होम", "कोर्स", "सीखें", "सूचनाएँ", "मैं"], shape
        assert shape["rows"] == 1, shape
        overflowing = page.evaluate(
            "() => [...document.querySelectorAll('.app-nav__label')]"
            ".filter(el => el.scrollWidth > el.clientWidth + 1).length"
        )
        assert overflowing == 0
    finally:
        context.close()
