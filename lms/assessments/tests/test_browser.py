"""A student takes a timed quiz on a phone in Chromium: starts it from the lesson, answers
(autosaved by htmx), reloads mid-way (the answers and the countdown survive), submits, sees
the score, and the next lesson opens. No Content-Security-Policy violation on the way."""

import re

import pytest

from lms.assessments.models import Answer, Attempt
from lms.assessments.tests.factories import quiz_course, right_option, wrong_option
from lms.learning.models import TaskCompletion
from lms.learning.services import task_complete

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def seconds_left(page) -> int:
    text = page.locator("[data-countdown]").inner_text()
    minutes, seconds = text.split(":")
    return int(minutes) * 60 + int(seconds)


def test_a_student_takes_a_timed_quiz_on_a_phone(
    live_server, chromium_browser, sign_in_browser, student
):
    setup = quiz_course(student=student, time_limit_minutes=10)
    task_complete(user=student, task=setup.reading)

    context = chromium_browser.new_context(**PHONE)
    sign_in_browser(context, student)
    page = context.new_page()
    page.set_default_timeout(15000)
    problems: list[str] = []
    # The test server speaks HTTP only: the notification socket (tested under daphne in
    # lms/notifications) cannot open here, which is no problem of the quiz.
    page.on(
        "console",
        lambda m: (
            problems.append(m.text)
            if m.type == "error" and "/ws/notifications/" not in m.text
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.goto(f"{live_server.url}/app/courses/{setup.course.slug}/lessons/{setup.first.pk}/")
    page.get_by_role("link", name="Take the quiz").click()
    page.get_by_role("button", name="Start").click()
    page.wait_for_url(re.compile(r"/app/attempts/\d+/"))
    attempt = Attempt.objects.get(user=student)
    slots = list(attempt.questions.order_by("position").values_list("question_id", flat=True))

    page.wait_for_function("document.querySelector('[data-countdown]').textContent.includes(':')")
    first_reading = seconds_left(page)
    assert 9 * 60 < first_reading <= 10 * 60

    # Answer two of four questions: each is saved on its own.
    for question_id in slots[:2]:
        form = page.locator(f"#q-{question_id}")
        form.locator(f"input[value='{right_option(question_id)}']").check()
        form.locator("[data-saved]", has_text="Saved").wait_for()
    assert Answer.objects.filter(attempt=attempt).count() == 2

    # Reload: the choices are still checked, the countdown goes on from the server's deadline.
    page.wait_for_timeout(2100)
    page.reload()
    page.wait_for_function("document.querySelector('[data-countdown]').textContent.includes(':')")
    for question_id in slots[:2]:
        assert page.locator(f"input[value='{right_option(question_id)}']").is_checked()
    after_reload = seconds_left(page)
    assert first_reading - 10 < after_reload <= first_reading - 2

    page.locator(f"#q-{slots[2]} input[value='{wrong_option(slots[2])}']").check()
    page.locator(f"#q-{slots[2]} [data-saved]", has_text="Saved").wait_for()
    page.get_by_role("button", name="Submit").click()

    page.locator("[data-score]", has_text="50 %").wait_for()
    assert page.locator("[data-passed]").is_visible()
    assert TaskCompletion.objects.filter(user=student, task=setup.quiz).exists()

    page.get_by_role("link", name="Back to the roadmap").click()
    page.get_by_role("link", name=re.compile(setup.second.title)).first.click()
    page.wait_for_url(re.compile(rf"/lessons/{setup.second.pk}/"))
    assert page.get_by_role("heading", name=setup.second.title).is_visible()
    assert problems == []
