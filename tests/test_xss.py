"""XSS: the classic payloads written into every field a person can write, then read where
others read them (student app, console list and change pages, queued email). A row per
(field, place): the page must carry the payload only as inert text.

"Inert" is checked on the parsed HTML, not on strings: no element carries an event-handler
attribute or a `javascript:` URL from the payload, no <script> element holds it, and a
template expression in it was not evaluated."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from lms.accounts.models import CohortMembership
from lms.accounts.tests.factories import AdminFactory, CohortFactory, StudentFactory
from lms.assignments.tests.factories import AssignmentFactory, DailyEntryFactory, SubmissionFactory
from lms.catalog.models import Lesson
from lms.catalog.tests.factories import build_course
from lms.commerce.tests.factories import CouponFactory
from lms.community.services.forum import answer_post, question_ask
from lms.community.services.groups import announcement_post, thread_start
from lms.learning.tests.factories import EnrollmentFactory, lessons_in_order
from lms.meetings.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

MARK = "xss"
PAYLOADS = [
    f"<script>alert('{MARK}1')</script>",
    f"<img src=x onerror=alert('{MARK}2')>",
    f"<a href=\"javascript:alert('{MARK}3')\">{MARK}3</a>",
    f"\"><svg onload=alert('{MARK}4')>",
    f"' onmouseover='alert(`{MARK}5`)' x='",
    f"{MARK}6-{{{{7*7}}}}-{{% now 'Y' %}}",
]
PAYLOAD = " ".join(PAYLOADS)  # 210 characters
SHORT = PAYLOADS[1][:40]  # fields of 50 characters or fewer


class _Inertness(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self._in_script = tag == "script"
        for name, value in attrs:
            value = (value or "").lower()
            if name.startswith("on") and MARK in value:
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action", "formaction", "xlink:href") and (
                value.strip().lower().startswith("javascript:")
            ):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "svg" and any(name == "onload" for name, _ in attrs):
            self.problems.append("<svg onload>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        data = data.lower()
        if self._in_script and MARK in data:
            self.problems.append(f"script holds {data[:80]!r}")
        if f"{MARK}6-49" in data:
            self.problems.append("a template expression was evaluated")


def assert_inert(html: str) -> None:
    checker = _Inertness()
    checker.feed(html)
    assert not checker.problems, checker.problems


@dataclass
class World:
    admin: object
    author: object  # writes
    reader: object  # another student who reads
    course: object
    lesson: Lesson
    cohort: object


@pytest.fixture
def world(db):
    admin = AdminFactory()
    author, reader = StudentFactory(), StudentFactory()
    course = build_course(modules=1, lessons_per_module=1, tasks_per_lesson=1)
    for person in (author, reader):
        EnrollmentFactory(user=person, course=course)
    cohort = CohortFactory()
    for person in (author, reader):
        CohortMembership.objects.create(cohort=cohort, user=person)
    return World(admin, author, reader, course, lessons_in_order(course)[0], cohort)


# --- Writers: put the payload in one field, return what the readers need ------------------


def course_texts(w):
    w.course.title = PAYLOAD[:200]
    w.course.description = PAYLOAD
    w.course.save()
    return {"slug": w.course.slug, "pk": w.course.pk}


def lesson_body(w):
    Lesson.objects.filter(pk=w.lesson.pk).update(title=PAYLOAD[:200], body=PAYLOAD)
    return {"slug": w.course.slug, "lesson": w.lesson.pk}


def profile_name(w):
    w.author.full_name = PAYLOAD[:150]
    w.author.college = PAYLOAD[:200]
    w.author.save()
    question = question_ask(user=w.author, course=w.course, title="A question", body="<p>x</p>")
    return {"pk": w.author.pk, "question": question.pk}


def forum_question(w):
    question = question_ask(user=w.author, course=w.course, title=PAYLOAD[:200], body=PAYLOAD)
    post = answer_post(user=w.reader, question=question, body=PAYLOAD)
    return {"question": question.pk, "post": post.pk}


def group_texts(w):
    announcement_post(user=w.admin, cohort=w.cohort, title=PAYLOAD[:200], body=PAYLOAD)
    thread_start(user=w.author, cohort=w.cohort, title=PAYLOAD[:200], body=PAYLOAD)
    return {"group": w.cohort.pk}


def submission_text(w):
    assignment = AssignmentFactory(course=w.course, title=PAYLOAD[:200])
    submission = SubmissionFactory(assignment=assignment, user=w.author, text=PAYLOAD)
    return {"pk": submission.pk}


def daily_work_text(w):
    entry = DailyEntryFactory(user=w.author, text=PAYLOAD)
    return {"pk": entry.pk}


def meeting_title(w):
    meeting = MeetingFactory(title=PAYLOAD[:200], users=[w.reader])
    return {"pk": meeting.pk}


def coupon_code(w):
    coupon = CouponFactory(code=SHORT)
    return {"pk": coupon.pk}


def _admin(name: str, action: str = "changelist") -> Callable:
    def url(ids: dict) -> str:
        return reverse(f"admin:{name}_{action}", args=[ids["pk"]] if action == "change" else [])

    return url


def _app(name: str, *keys: str) -> Callable:
    return lambda ids: reverse(f"student_pwa:{name}", args=[ids[key] for key in keys])


# (field, writer, who reads, where)
ROWS = [
    ("course title/description", course_texts, "anonymous", _app("course_detail", "slug")),
    ("course title/description", course_texts, "reader", _app("course_roadmap", "slug")),
    ("course title/description", course_texts, "admin", _admin("catalog_course")),
    ("course title/description", course_texts, "admin", _admin("catalog_course", "change")),
    ("lesson title/body", lesson_body, "reader", _app("lesson_detail", "slug", "lesson")),
    ("profile name/college", profile_name, "admin", _admin("accounts_user")),
    ("profile name/college", profile_name, "admin", _admin("accounts_user", "change")),
    ("profile name/college", profile_name, "reader", _app("question_detail", "question")),
    ("forum question/answer", forum_question, "reader", _app("question_detail", "question")),
    ("forum question/answer", forum_question, "reader", _app("course_questions", "slug")),
    ("forum question/answer", forum_question, "admin", _admin("community_post")),
    ("group announcement/thread", group_texts, "reader", _app("group_detail", "group")),
    ("submission text", submission_text, "admin", _admin("assignments_submission")),
    ("submission text", submission_text, "admin", _admin("assignments_submission", "change")),
    ("daily work text", daily_work_text, "admin", _admin("assignments_dailyentry")),
    ("daily work text", daily_work_text, "admin", _admin("assignments_dailyentry", "change")),
    ("meeting title", meeting_title, "reader", _app("meetings")),
    ("meeting title", meeting_title, "admin", _admin("meetings_meeting")),
    ("meeting title", meeting_title, "admin", _admin("meetings_meeting", "change")),
    ("coupon code", coupon_code, "admin", _admin("commerce_coupon")),
    ("coupon code", coupon_code, "admin", _admin("commerce_coupon", "change")),
]


def _row_id(row) -> str:
    field, _, reader, _ = row
    return f"{field} → {reader}"


@pytest.mark.parametrize("row", ROWS, ids=[f"{n}:{_row_id(r)}" for n, r in enumerate(ROWS)])
def test_a_payload_is_inert_where_others_read_it(client, world, row):
    _, write, reader, where = row
    ids = write(world) | {"slug": world.course.slug}
    if reader != "anonymous":
        client.force_login(getattr(world, reader))
    response = client.get(where(ids))
    assert response.status_code == 200, (where(ids), response.status_code)
    html = response.content.decode()
    assert MARK in html.lower(), "the payload is not on the page: the row tests nothing"
    assert_inert(html)


def test_every_field_has_a_row_in_the_student_app_or_console():
    read_in = {(field, "app" if reader != "admin" else "console") for field, _, reader, _ in ROWS}
    fields = {field for field, *_ in ROWS}
    console_only = {"submission text", "daily work text", "coupon code"}  # staff read these
    for field in fields:
        assert (field, "console") in read_in or (field, "app") in read_in
        if field not in console_only:
            assert (field, "app") in read_in, field


def test_a_meeting_title_in_the_reminder_email_is_plain_text(
    world, django_capture_on_commit_callbacks
):
    from lms.notifications.services import meeting_reminder_email

    meeting = MeetingFactory(
        title=PAYLOADS[5] + PAYLOADS[0] + "\r\nBcc: victim@example.com",
        users=[world.reader],
        starts_at=timezone.now() + timedelta(minutes=30),
    )
    with django_capture_on_commit_callbacks(execute=True):
        sent = meeting_reminder_email(meeting_id=meeting.pk)
    assert sent == 1
    (message,) = mail.outbox
    assert message.content_subtype == "plain" and not getattr(message, "alternatives", [])
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.bcc == [] and message.to == [world.reader.email]
    assert f"{MARK}6-{{{{7*7}}}}" in message.body  # as typed, never evaluated
