"""The course player in a real browser: "mark as done" through htmx, the video that resumes
where the student stopped and completes its watch task when watched, the next lesson
unlocking, and no Content-Security-Policy violation on the way."""

import io
import re
import wave

import pytest
from django.core.files.base import ContentFile

from lms.catalog.models import TaskKind
from lms.catalog.tests.factories import build_course
from lms.learning.models import EnrollmentStatus, LessonProgress, TaskCompletion
from lms.learning.tests.factories import EnrollmentFactory, lessons_in_order, tasks_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def silent_wav(seconds: int) -> bytes:
    """A media file Chromium plays without proprietary codecs (no ffmpeg needed)."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(8000)
        out.writeframes(bytes([128]) * 8000 * seconds)
    return buffer.getvalue()


def test_student_marks_done_watches_and_unlocks_the_next_lesson(
    live_server, chromium_browser, sign_in_browser, student
):
    course = build_course(modules=1, lessons_per_module=2, tasks_per_lesson=2)
    enrollment = EnrollmentFactory(user=student, course=course)
    first, second = lessons_in_order(course)
    watch, read = tasks_of(first)
    watch.kind = TaskKind.WATCH
    watch.save(update_fields=["kind"])
    # Stored directly: the upload validator's video allowlist is not what is under test.
    first.video_file.save("clip.wav", ContentFile(silent_wav(20)))
    LessonProgress.objects.create(
        user=student, lesson=first, video_position_seconds=8, video_duration_seconds=20
    )

    context = chromium_browser.new_context()
    sign_in_browser(context, student)
    page = context.new_page()
    page.set_default_timeout(15000)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.goto(f"{live_server.url}/app/courses/{course.slug}/")
    page.get_by_role("link", name=re.compile("Next step: Task 1.1.1")).click()
    page.wait_for_url(re.compile(rf"/lessons/{first.pk}/"))

    # The player resumes at the saved position.
    page.wait_for_function("document.querySelector('video').currentTime >= 7.5")

    # "Mark as done" through htmx: the task list is swapped and a toast appears.
    page.locator(f"#task-{read.pk}").get_by_role("button", name="Mark as done").click()
    page.locator("#lesson-tasks", has_text="1 of 2 done").wait_for()
    page.locator(".toast", has_text="Done: “Task 1.1.2”.").wait_for()
    assert TaskCompletion.objects.filter(user=student, task=read).exists()

    # Watch to the end: the player reports it, the watch task completes itself, the task
    # list refreshes and offers the next lesson.
    page.evaluate(
        "() => { const v = document.querySelector('video'); v.muted = true; v.currentTime = 18.5; v.play(); }"
    )
    page.locator("#lesson-tasks", has_text="Lesson complete.").wait_for(timeout=20000)
    assert TaskCompletion.objects.filter(user=student, task=watch).exists()
    assert LessonProgress.objects.get(user=student, lesson=first).video_position_seconds >= 18

    page.get_by_role("link", name="Next: Lesson 1.2").click()
    page.wait_for_url(re.compile(rf"/lessons/{second.pk}/"))
    assert page.get_by_role("heading", name="Lesson 1.2").is_visible()
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.ACTIVE
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
