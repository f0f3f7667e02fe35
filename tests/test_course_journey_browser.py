"""The whole course journey in Chromium, through the pages people use.

An admin signs in to the console through its login page, builds a course with two modules
(each with one lesson holding one "read" task) through the course page and its builder,
publishes it and enrolls a student with the "enroll" action.
The student then signs in through the site's login page, finds the course in "My courses",
sees the second lesson locked with the reason, marks the first lesson's task as done and
sees the second lesson open, with the next step pointing into it.

On failure, a screenshot and the HTML of each open page are written to /tmp/journey/.
"""

import contextlib
import re
from pathlib import Path

import pytest

from lms.accounts.tests.factories import PASSWORD, AdminFactory, StudentFactory
from lms.catalog.models import Course, CourseStatus, EnrollmentMode, Lesson, Task, TaskKind
from lms.learning.models import Enrollment, EnrollmentSource, EnrollmentStatus, TaskCompletion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TIMEOUT_MS = 15_000
ARTIFACTS = Path("/tmp/journey")

COURSE_TITLE = "Journey to Django"
MODULES = [
    ("Getting started", "Install Python", "Read the install guide"),
    ("Going further", "Write a view", "Read about views"),
]


class Journey:
    """Names the current step and, when one fails, saves what each page showed."""

    def __init__(self):
        self.pages: dict[str, object] = {}
        self.step_name = "start"

    def watch(self, name: str, page) -> None:
        page.set_default_timeout(TIMEOUT_MS)
        self.pages[name] = page

    @contextlib.contextmanager
    def step(self, name: str):
        self.step_name = name
        try:
            yield
        except Exception:
            self.dump()
            raise

    def dump(self) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^a-z0-9]+", "-", self.step_name.lower()).strip("-")
        for who, page in self.pages.items():
            with contextlib.suppress(Exception):
                page.screenshot(path=str(ARTIFACTS / f"{slug}-{who}.png"), full_page=True)
                (ARTIFACTS / f"{slug}-{who}.html").write_text(page.content())
                print(f"[journey] step {self.step_name!r} failed; {who} was at {page.url}")


def _expect():
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    return expect


def _open_tab(page, name: str) -> None:
    """Unfold's fieldset and inline tabs are anchors without an href (Alpine switches them)."""
    page.locator("nav a:not([href])", has_text=re.compile(rf"^\s*{name}\s*$")).click()


def _save_and_continue(page) -> None:
    page.get_by_role("button", name="Save and continue editing").click()
    page.wait_for_load_state()


def builder_add(page, form_id: str, title: str, *, kind: str = "") -> None:
    """Add a module, lesson or task with one of the builder's "Add" forms and wait for the
    tree to show it."""
    form = page.get_by_test_id(form_id)
    form.locator('input[name="title"]').fill(title)
    if kind:
        form.locator('select[name="kind"]').select_option(label=kind)
    form.get_by_role("button", name="Add").click()
    _expect()(page.get_by_test_id("builder-status")).to_contain_text(f"“{title}” added.")


def test_admin_builds_publishes_and_enrolls_then_student_unlocks_the_next_lesson(
    live_server, chromium_browser
):
    expect = _expect()
    journey = Journey()
    admin = AdminFactory(full_name="Asha Admin")
    student = StudentFactory(full_name="Sam Student")
    StudentFactory(full_name="Other Student")  # the enroll form must pick the right one

    # --- The admin, in the console ----------------------------------------------------------
    admin_context = chromium_browser.new_context(locale="en-US")
    console = admin_context.new_page()
    journey.watch("admin", console)

    with journey.step("admin signs in"):
        # Opening the console sends a visitor to its login page (unfold's form), which
        # brings them back to the console once signed in.
        console.goto(f"{live_server.url}/admin/")
        expect(console).to_have_url(re.compile(r"/admin/login/\?next=/admin/$"))
        console.get_by_label("Email").fill(admin.email)
        console.get_by_label("Password").fill(PASSWORD)
        console.get_by_role("button", name=re.compile("log in", re.I)).click()
        expect(console).to_have_url(re.compile(r"/admin/$"))
        expect(console.get_by_role("link", name=re.compile(r"Courses$")).first).to_be_visible()

    with journey.step("admin creates the course with two modules"):
        console.goto(f"{live_server.url}/admin/catalog/course/add/")
        console.get_by_label("Title [en]").fill(COURSE_TITLE)
        console.get_by_label("Summary [en]").fill("From nothing to a first view.")
        _open_tab(console, "Catalog")
        console.get_by_label("Domain").fill("Web development")
        console.get_by_label("Enrollment").select_option(label="Free")
        _save_and_continue(console)
        expect(console.get_by_text(f"“{COURSE_TITLE}” was added successfully")).to_be_visible()
        course = Course.objects.get(title_en=COURSE_TITLE)
        # The roadmap is built in the builder under the course's form, without leaving it.
        for module_title, _lesson, _task in MODULES:
            builder_add(console, "add-modules", module_title)
        assert course.status == CourseStatus.DRAFT
        assert course.enrollment_mode == EnrollmentMode.FREE
        assert list(course.modules.values_list("title_en", flat=True)) == [
            title for title, _lesson, _task in MODULES
        ]
        course_url = console.url

    for module_title, lesson_title, task_title in MODULES:
        with journey.step(f"admin adds a lesson and a read task to {module_title}"):
            module = course.modules.get(title_en=module_title)
            builder_add(console, f"add-lessons-{module.pk}", lesson_title)
            lesson = Lesson.objects.get(title_en=lesson_title, module=module)
            builder_add(console, f"add-tasks-{lesson.pk}", task_title, kind="Read")
            assert [(task.title_en, task.kind) for task in lesson.tasks.all()] == [
                (task_title, TaskKind.READ)
            ]

    with journey.step("admin publishes the course"):
        console.goto(course_url)
        console.get_by_role("link", name="Publish", exact=True).click()
        # The link only asks; the confirmation page's button POSTs (with the CSRF token).
        expect(console.get_by_text("Publish this course?")).to_be_visible()
        course.refresh_from_db()
        assert course.status != CourseStatus.PUBLISHED
        console.get_by_role("button", name="Publish", exact=True).click()
        expect(console.get_by_text("Published.", exact=True)).to_be_visible()
        course.refresh_from_db()
        assert course.status == CourseStatus.PUBLISHED

    with journey.step("admin enrolls the student with the enroll action"):
        # The sidebar entry (its accessible name starts with the icon's ligature).
        console.get_by_role("link", name=re.compile(r"Courses$")).filter(visible=True).first.click()
        row = console.get_by_role("row").filter(has_text=COURSE_TITLE)
        expect(row).to_contain_text("Published")
        row.get_by_role("checkbox", name="Select record").check()
        console.get_by_label("Select action to run").select_option(label="Enroll people or a group")
        console.get_by_role("button", name="Run").click()
        expect(console.get_by_text("Enroll into the selected courses")).to_be_visible()
        console.get_by_label("People").select_option(label=str(student))
        console.get_by_role("button", name="Enroll", exact=True).click()
        expect(
            console.get_by_text(f"{COURSE_TITLE}: 1 enrolled, 0 already enrolled.")
        ).to_be_visible()
        admin_context.close()

    # --- The student, in the app ------------------------------------------------------------
    student_context = chromium_browser.new_context(locale="en-US")
    app = student_context.new_page()
    journey.pages.clear()
    journey.watch("student", app)
    problems: list[str] = []
    app.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    app.on("pageerror", lambda error: problems.append(str(error)))

    with journey.step("student signs in"):
        app.goto(f"{live_server.url}/accounts/login/")
        app.get_by_label("Email").fill(student.email)
        app.get_by_label("Password").fill(PASSWORD)
        app.get_by_role("button", name="Log in").click()
        expect(app).to_have_url(re.compile(r"/app/$"))

    (_, first_lesson, first_task), (_, second_lesson, second_task) = MODULES
    lesson_1 = Lesson.objects.get(title_en=first_lesson)
    lesson_2 = Lesson.objects.get(title_en=second_lesson)
    roadmap_url = f"{live_server.url}/app/courses/{course.slug}/"

    def lesson_item(title: str):
        return app.get_by_role("listitem").filter(has=app.get_by_text(title, exact=True))

    with journey.step("student finds the course in my courses"):
        app.goto(f"{live_server.url}/app/courses/")
        expect(app.get_by_role("heading", name="My courses")).to_be_visible()
        expect(app.get_by_text("0 of 2 tasks done")).to_be_visible()
        app.get_by_role("link", name=COURSE_TITLE).click()
        expect(app).to_have_url(roadmap_url)
        expect(app.get_by_role("heading", name=COURSE_TITLE, level=1)).to_be_visible()

    with journey.step("student sees lesson 2 locked with its reason"):
        locked = lesson_item(second_lesson)
        expect(locked).to_contain_text("Locked")
        expect(locked).to_contain_text(f"Finish “{first_lesson}” first.")
        expect(app.get_by_role("link", name=second_lesson)).to_have_count(0)
        expect(lesson_item(first_lesson)).to_contain_text("Open")
        expect(app.get_by_role("link", name=f"Next step: {first_task}")).to_have_attribute(
            "href", re.compile(rf"/lessons/{lesson_1.pk}/")
        )
        # Typing the locked lesson's address does not open it either.
        response = app.goto(f"{roadmap_url}lessons/{lesson_2.pk}/")
        assert response is not None and response.status == 403
        expect(app.get_by_text(f"Finish “{first_lesson}” first.")).to_be_visible()
        expect(app.get_by_role("heading", name=second_lesson)).to_have_count(0)
        app.goto(roadmap_url)

    with journey.step("student opens lesson 1 and marks its task as done"):
        app.get_by_role("link", name=first_lesson, exact=True).click()
        expect(app.get_by_role("heading", name=first_lesson, level=1)).to_be_visible()
        tasks = app.locator("#lesson-tasks")
        expect(tasks).to_contain_text("0 of 1 done")
        tasks.get_by_role("listitem").filter(has_text=first_task).get_by_role(
            "button", name="Mark as done"
        ).click()
        expect(tasks).to_contain_text("1 of 1 done")
        expect(tasks).to_contain_text("Lesson complete.")
        expect(app.get_by_text(f"Done: “{first_task}”.")).to_be_visible()
        expect(tasks.get_by_role("button", name="Mark as done")).to_have_count(0)

    with journey.step("student sees lesson 2 open and the next step pointing into it"):
        app.get_by_role("link", name=f"Back to {COURSE_TITLE}").click()
        expect(app).to_have_url(roadmap_url)
        expect(app.get_by_text("1 of 2 tasks done (50%)")).to_be_visible()
        expect(lesson_item(first_lesson)).to_contain_text("Done")
        opened = lesson_item(second_lesson)
        expect(opened).to_contain_text("Open")
        expect(opened).not_to_contain_text("Locked")
        expect(opened).not_to_contain_text("first.")
        expect(opened.get_by_role("link", name=second_lesson)).to_be_visible()
        next_step = app.get_by_role("link", name=f"Next step: {second_task}")
        expect(next_step).to_have_attribute("href", re.compile(rf"/lessons/{lesson_2.pk}/"))
        next_step.click()
        expect(app).to_have_url(re.compile(rf"/lessons/{lesson_2.pk}/"))
        expect(app.get_by_role("heading", name=second_lesson, level=1)).to_be_visible()
        expect(
            app.locator("#lesson-tasks").get_by_role("button", name="Mark as done")
        ).to_be_visible()

    # --- What the database holds ------------------------------------------------------------
    enrollment = Enrollment.objects.get(user=student, course=course)
    assert enrollment.source == EnrollmentSource.ADMIN
    assert enrollment.status == EnrollmentStatus.ACTIVE
    assert Enrollment.objects.filter(course=course).count() == 1  # only the chosen student
    assert list(
        TaskCompletion.objects.filter(user=student).values_list("task__title_en", flat=True)
    ) == [first_task]
    assert Task.objects.filter(lesson__module__course=course).count() == 2
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
