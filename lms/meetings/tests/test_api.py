"""The meetings API: my meetings, join, calendar feed, scheduling and the CSV export."""

import csv
import io
from datetime import UTC, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework_simplejwt.tokens import AccessToken

from lms.accounts.models import CohortMembership
from lms.accounts.tests.factories import AdminFactory, CohortFactory, StudentFactory
from lms.meetings import services
from lms.meetings.models import Attendance, Meeting
from lms.meetings.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def bearer(api_client, user):
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(user)}")
    return api_client


def test_my_upcoming_meetings_each_once(api_client, student):
    cohort = CohortFactory()
    CohortMembership.objects.create(cohort=cohort, user=student)
    soon = MeetingFactory(users=[student], cohorts=[cohort])
    MeetingFactory(
        starts_at=timezone.now() - timedelta(days=2),
        ends_at=timezone.now() - timedelta(days=2, hours=-1),
        users=[student],
    )
    MeetingFactory()  # not invited
    response = bearer(api_client, student).get(reverse("api:my-meeting-list"), {"upcoming": "true"})
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["results"]] == [soon.pk]
    all_of_them = api_client.get(reverse("api:my-meeting-list")).json()
    assert all_of_them["count"] == 2


def test_join_returns_the_link_and_the_attendance(api_client, student):
    start = timezone.now() - timedelta(minutes=1)
    meeting = MeetingFactory(starts_at=start, ends_at=start + timedelta(hours=1), users=[student])
    response = bearer(api_client, student).post(reverse("api:meeting-join", args=[meeting.pk]))
    assert response.status_code == 200
    body = response.json()
    assert body["url"] == meeting.join_url
    assert body["attendance"]["status"] == "present"
    assert body["attendance"]["joined_at"]
    assert Attendance.objects.filter(meeting=meeting, user=student).count() == 1


def test_join_refusals(api_client, student):
    start = timezone.now() + timedelta(days=1)
    meeting = MeetingFactory(starts_at=start, ends_at=start + timedelta(hours=1), users=[student])
    other = MeetingFactory(starts_at=timezone.now(), title="Secret board meeting")
    bearer(api_client, student)
    early = api_client.post(reverse("api:meeting-join", args=[meeting.pk]))
    assert early.status_code == 409
    assert "You can join from" in early.json()["error"]["message"]
    denied = api_client.post(reverse("api:meeting-join", args=[other.pk]))
    assert denied.status_code == 403
    assert "Secret" not in denied.content.decode()
    assert other.join_url not in denied.content.decode()
    assert api_client.get(reverse("api:meeting-join", args=[meeting.pk])).status_code == 405
    assert not Attendance.objects.exists()


def _create_payload(**overrides):
    start = timezone.now() + timedelta(days=1)
    return {
        "kind": "class",
        "title": "Algorithms",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=1)).isoformat(),
        "join_url": "https://meet.example.com/x",
        **overrides,
    }


def test_an_admin_schedules_for_a_group(api_client):
    cohort = CohortFactory()
    bearer(api_client, AdminFactory())
    response = api_client.post(
        reverse("api:authoring-meeting-create"), _create_payload(groups=[cohort.pk]), format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["groups"] == [cohort.pk]


@pytest.mark.parametrize(
    "overrides",
    [
        {"join_url": "http://meet.example.com/x"},
        {"ends_at": (timezone.now() - timedelta(days=1)).isoformat()},
    ],
)
def test_scheduling_bad_input_is_400(api_client, overrides):
    bearer(api_client, AdminFactory())
    response = api_client.post(
        reverse("api:authoring-meeting-create"), _create_payload(**overrides), format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"]
    assert not Meeting.objects.exists()


def test_students_cannot_schedule_nor_export(api_client, student):
    bearer(api_client, student)
    url = reverse("api:authoring-meeting-create")
    assert api_client.post(url, _create_payload(), format="json").status_code == 403
    assert api_client.get(reverse("api:authoring-attendance-csv")).status_code == 403


def test_calendar_feed_by_token_and_revocation(api_client, student):
    meeting = MeetingFactory(users=[student], title="A very long title " * 6)
    feed = services.calendar_feed_renew(user=student)
    url = reverse("api:calendar-feed")
    response = api_client.get(url, {"token": feed.token})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert f"UID:meeting-{meeting.pk}@" in text
    assert f"DTSTART:{meeting.starts_at.astimezone(UTC):%Y%m%dT%H%M%SZ}" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert "\r\n " in text  # the long summary is folded
    old = feed.token
    services.calendar_feed_renew(user=student)
    assert api_client.get(url, {"token": old}).status_code == 404
    assert api_client.get(url).status_code == 404


def test_attendance_csv_filters_by_date_and_course(api_client):
    from lms.catalog.tests.factories import CourseFactory
    from lms.learning.tests.factories import EnrollmentFactory

    student = StudentFactory(email="ada@example.com")
    course = CourseFactory()
    EnrollmentFactory(user=student, course=course)
    past = timezone.now() - timedelta(days=3)
    meeting = MeetingFactory(starts_at=past, ends_at=past + timedelta(hours=1), courses=[course])
    MeetingFactory(starts_at=past, ends_at=past + timedelta(hours=1), users=[student])
    bearer(api_client, AdminFactory())
    day = timezone.localtime(past).date().isoformat()
    response = api_client.get(
        reverse("api:authoring-attendance-csv"), {"from": day, "to": day, "course": course.pk}
    )
    assert response.status_code == 200
    assert response.streaming
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["meeting_id", "meeting", "kind"]
    assert rows[1:] == [
        [
            str(meeting.pk),
            meeting.title,
            "class",
            meeting.starts_at.astimezone(UTC).isoformat(),
            meeting.ends_at.astimezone(UTC).isoformat(),
            str(student.pk),
            "ada@example.com",
            student.full_name,
            "absent",
            "",
            "",
            "",
        ]
    ]
    bad = api_client.get(reverse("api:authoring-attendance-csv"), {"from": "yesterday"})
    assert bad.status_code == 400
    assert "from" in bad.json()["error"]["fields"]
