"""The attendance CSV streams: a StreamingHttpResponse whose memory does not grow with the
number of rows (tracemalloc peak while reading 1k and 10k rows)."""

import tracemalloc
from datetime import timedelta

import pytest
from django.contrib.auth.hashers import make_password
from django.test import RequestFactory
from django.utils import timezone

from lms.accounts.models import Role, User
from lms.meetings.export import attendance_csv_response, csv_chunks
from lms.meetings.models import Attendance, AttendanceStatus, Meeting
from lms.meetings.selectors import ExportFilters
from lms.meetings.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

PASSWORD = make_password(None)


def _meeting_with(invited: int) -> Meeting:
    start = timezone.now() - timedelta(days=1)
    meeting = MeetingFactory(starts_at=start, ends_at=start + timedelta(hours=1))
    first = User.objects.count()
    User.objects.bulk_create(
        User(
            email=f"s{first + i}@example.com",
            full_name=f"Student {i}",
            role=Role.STUDENT,
            password=PASSWORD,
        )
        for i in range(invited)
    )
    people = list(User.objects.order_by("-pk").values_list("pk", flat=True)[:invited])
    Meeting.users.through.objects.bulk_create(
        Meeting.users.through(meeting_id=meeting.pk, user_id=pk) for pk in people
    )
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, user_id=pk, status=AttendanceStatus.PRESENT)
        for pk in people[: invited // 2]
    )
    return meeting


def _peak_while_reading(filters) -> tuple[int, int]:
    tracemalloc.start()
    lines = 0
    for chunk in csv_chunks(filters):
        lines += chunk.count("\n")
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak, lines


def test_the_response_streams():
    meeting = _meeting_with(3)
    response = attendance_csv_response(RequestFactory().get("/"), ExportFilters())
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode()
    assert body.count("\n") == 4
    assert f"{meeting.pk}," in body


def test_memory_stays_flat_as_rows_grow(settings):
    settings.LMS_ATTENDANCE_EXPORT_CHUNK = 500
    small = _meeting_with(1_000)
    small_peak, small_lines = _peak_while_reading(ExportFilters(date_to=small.ends_at))
    _meeting_with(10_000)
    large_peak, large_lines = _peak_while_reading(ExportFilters())
    assert (small_lines, large_lines) == (1_001, 11_001)
    print(f"attendance CSV peak: 1k rows {small_peak} B, 10k rows {large_peak} B")
    # Ten times the rows; memory is bounded by the chunk size, not the row count.
    assert large_peak < small_peak * 2, (small_peak, large_peak)
