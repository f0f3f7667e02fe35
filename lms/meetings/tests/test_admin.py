"""The console: scheduling (and a weekly series), attendance with bulk mark, the export."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lms.accounts.tests.factories import CohortFactory, StudentFactory
from lms.meetings.models import Attendance, Meeting
from lms.meetings.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def console(client, admin_user):
    client.force_login(admin_user)
    return client


def test_an_admin_schedules_a_weekly_class_for_a_group(console, settings):
    settings.LMS_MEETING_SERIES_HORIZON_WEEKS = 3
    cohort = CohortFactory()
    start = timezone.localtime(timezone.now() + timedelta(days=1)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    response = console.post(
        reverse("admin:meetings_meeting_add"),
        {
            "kind": "class",
            "title": "Data structures",
            "agenda": "",
            "starts_at_0": start.strftime("%Y-%m-%d"),
            "starts_at_1": start.strftime("%H:%M:%S"),
            "ends_at_0": start.strftime("%Y-%m-%d"),
            "ends_at_1": (start + timedelta(hours=1)).strftime("%H:%M:%S"),
            "join_url": "https://meet.example.com/ds",
            "cohorts": [cohort.pk],
            "repeat_weekly_until_0": (start + timedelta(weeks=10)).strftime("%Y-%m-%d"),
            "repeat_weekly_until_1": "00:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    meetings = list(Meeting.objects.order_by("starts_at"))
    assert len(meetings) == 3
    assert all(list(m.cohorts.all()) == [cohort] for m in meetings)


def test_a_non_https_link_is_refused_in_the_console(console):
    start = timezone.localtime(timezone.now() + timedelta(days=1))
    response = console.post(
        reverse("admin:meetings_meeting_add"),
        {
            "kind": "class",
            "title": "X",
            "starts_at_0": start.strftime("%Y-%m-%d"),
            "starts_at_1": "10:00:00",
            "ends_at_0": start.strftime("%Y-%m-%d"),
            "ends_at_1": "09:00:00",
            "join_url": "http://meet.example.com/x",
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "https://" in text and "must end after it starts" in text
    assert not Meeting.objects.exists()


def test_attendance_page_bulk_marks_and_shows_absent_after_the_end(console, admin_user):
    came, missed, excused = StudentFactory(), StudentFactory(), StudentFactory()
    past = timezone.now() - timedelta(hours=2)
    meeting = MeetingFactory(
        starts_at=past, ends_at=past + timedelta(hours=1), users=[came, missed, excused]
    )
    url = reverse("admin:meetings_meeting_attendance", args=[meeting.pk])
    response = console.post(url, {"people": [came.pk], "status": "present"})
    assert response.status_code == 302
    console.post(url, {"people": [excused.pk], "status": "excused"})
    rows = {row.user: row for row in Attendance.objects.all()}
    assert rows[came].status == "present" and rows[came].marked_by == admin_user
    page = console.get(url).content.decode()
    for person, status in ((came, "present"), (missed, "absent"), (excused, "excused")):
        line = page[page.index(f'data-student="{person.email}"') :]
        assert f'data-testid="status">{status}<' in line[:600]


def test_export_form_and_streamed_csv(console):
    student = StudentFactory()
    past = timezone.now() - timedelta(days=1)
    MeetingFactory(starts_at=past, ends_at=past + timedelta(hours=1), users=[student])
    url = reverse("admin:meetings_meeting_export")
    assert console.get(url).status_code == 200
    response = console.get(url, {"download": "csv", "kind": "class"})
    assert response.streaming
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 2 and rows[1][6] == student.email and rows[1][8] == "absent"
    empty = console.get(url, {"download": "csv", "kind": "live_coding"})
    assert len(list(csv.reader(io.StringIO(b"".join(empty.streaming_content).decode())))) == 1
    bad = console.get(url, {"download": "csv", "to": "soon"})
    assert bad.status_code == 200 and "YYYY-MM-DD" in bad.content.decode()


def test_xlsx_export_and_its_row_cap(console, settings):
    from openpyxl import load_workbook

    students = [StudentFactory(), StudentFactory()]
    past = timezone.now() - timedelta(days=1)
    MeetingFactory(starts_at=past, ends_at=past + timedelta(hours=1), users=students)
    url = reverse("admin:meetings_meeting_export")
    response = console.get(url, {"download": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "meeting_id" and len(rows) == 3
    assert {row[6] for row in rows[1:]} == {s.email for s in students}
    settings.LMS_ATTENDANCE_XLSX_MAX_ROWS = 1
    capped = console.get(url, {"download": "xlsx"})
    assert capped.status_code == 200 and "More than 1 rows" in capped.content.decode()
