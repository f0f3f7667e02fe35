"""In Chromium on a phone: a student submits an assignment with a file, an instructor marks
it in the console, and the student sees the marks and feedback and the next lesson open."""

import re
from pathlib import Path

import pytest

from lms.accounts.tests.factories import InstructorFactory, StudentFactory
from lms.assignments.models import Submission
from lms.assignments.tests.factories import AssignmentFactory
from lms.catalog.models import CourseStatus, Task, TaskKind
from lms.catalog.tests.factories import build_course
from lms.learning.models import TaskCompletion
from lms.learning.tests.factories import EnrollmentFactory, lessons_in_order, tasks_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 15_000


def test_submit_mark_and_unlock(live_server, chromium_browser, sign_in_browser, tmp_path):
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    student = StudentFactory(full_name="Sam Student")
    instructor = InstructorFactory(full_name="Ivy Instructor")
    course = build_course(
        modules=1, lessons_per_module=2, tasks_per_lesson=1, status=CourseStatus.PUBLISHED
    )
    course.instructors.add(instructor)
    EnrollmentFactory(user=student, course=course)
    first, second = lessons_in_order(course)
    task = tasks_of(first)[0]
    Task.objects.filter(pk=task.pk).update(kind=TaskKind.ASSIGNMENT)
    assignment = AssignmentFactory(
        course=course, task=task, title="Build a to-do app", max_marks=10, pass_marks=6
    )
    assignment.target_courses.add(course)
    answer = Path(tmp_path, "answer.pdf")
    answer.write_bytes(b"%PDF-1.4 my to-do app")

    phone = chromium_browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    sign_in_browser(phone, student)
    app = phone.new_page()
    app.set_default_timeout(TIMEOUT_MS)
    roadmap_url = f"{live_server.url}/app/courses/{course.slug}/"
    app.goto(roadmap_url)
    expect(app.get_by_role("listitem").filter(has_text=second.title).first).to_contain_text(
        "Locked"
    )

    app.goto(f"{live_server.url}/app/assignments/")
    expect(app.get_by_text("Pending")).to_be_visible()
    app.get_by_role("link", name="Build a to-do app").click()
    app.get_by_label("Your answer").fill("Here is my app.")
    app.get_by_label("Files").set_input_files(str(answer))
    app.get_by_role("button", name="Submit").click()
    expect(app.get_by_text("Your work was submitted.")).to_be_visible()
    expect(app.get_by_text("Attempt 1")).to_be_visible()
    submission = Submission.objects.get()
    assert submission.files.count() == 1

    desk = chromium_browser.new_context(viewport={"width": 1280, "height": 900})
    sign_in_browser(desk, instructor)
    console = desk.new_page()
    console.set_default_timeout(TIMEOUT_MS)
    console.goto(f"{live_server.url}/admin/assignments/submission/")
    console.get_by_role("link", name=re.compile("Sam Student")).first.click()
    expect(console.locator("iframe[title='answer.pdf']")).to_be_visible()
    console.get_by_label("Marks").fill("8")
    console.get_by_label("Feedback").fill("Clean code, add tests next time.")
    console.get_by_role("button", name=re.compile(r"^\s*Save\s*$")).click()
    expect(console.get_by_text(re.compile("changed successfully"))).to_be_visible()
    assert TaskCompletion.objects.filter(user=student, task=task).exists()

    app.goto(f"{live_server.url}/app/assignments/")
    expect(app.get_by_text("8 / 10")).to_be_visible()
    expect(app.get_by_text("Clean code, add tests next time.")).to_be_visible()
    app.goto(roadmap_url)
    expect(app.get_by_role("listitem").filter(has_text=second.title).first).not_to_contain_text(
        "Locked"
    )
    phone.close()
    desk.close()
