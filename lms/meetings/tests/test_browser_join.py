"""On a phone: a student clicks Join, is sent to the meeting's link, and the console shows
them present. The meeting's https link is answered by Playwright (`page.route`), so no
outside site is reached."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from lms.accounts.models import CohortMembership
from lms.accounts.tests.factories import CohortFactory
from lms.meetings.models import Attendance
from lms.meetings.tests.factories import MeetingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
ROOM = "https://meet.example.test/room-42"


def test_student_joins_from_the_phone_and_the_console_shows_present(
    live_server, chromium_browser, sign_in_browser, student, admin_user
):
    cohort = CohortFactory()
    CohortMembership.objects.create(cohort=cohort, user=student)
    start = timezone.now() - timedelta(minutes=1)
    meeting = MeetingFactory(
        title="Graphs class",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        join_url=ROOM,
        cohorts=[cohort],
    )

    phone = chromium_browser.new_context(**PHONE)
    sign_in_browser(phone, student)
    page = phone.new_page()
    page.set_default_timeout(15000)
    page.route(
        re.compile(r"^https://meet\.example\.test/"),
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<h1>In the meeting room</h1>"
        ),
    )
    page.goto(f"{live_server.url}/app/meetings/")
    card = page.locator(f"#meeting-{meeting.pk}")
    card.get_by_role("button", name="Join").click()
    page.wait_for_url(ROOM)
    assert page.locator("h1").inner_text() == "In the meeting room"
    assert Attendance.objects.get(meeting=meeting, user=student).status == "present"

    desk = chromium_browser.new_context()
    sign_in_browser(desk, admin_user)
    console = desk.new_page()
    console.set_default_timeout(15000)
    console.goto(f"{live_server.url}/admin/meetings/meeting/{meeting.pk}/attendance/")
    row = console.locator(f'tr[data-student="{student.email}"]')
    assert row.locator('[data-testid="status"]').inner_text() == "present"
