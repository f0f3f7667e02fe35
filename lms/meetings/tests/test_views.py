"""The student app's meetings page, the Join button (POST only) and the calendar link."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lms.accounts.tests.factories import AdminFactory, StudentFactory
from lms.meetings import services
from lms.meetings.models import Attendance, CalendarFeed, FeedbackCriterion, MeetingKind
from lms.meetings.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, student):
    client.force_login(student)
    return client


def test_the_page_lists_upcoming_meetings_with_the_window_and_rate(signed_in, student):
    open_now = MeetingFactory(
        title="Open now",
        starts_at=timezone.now(),
        ends_at=timezone.now() + timedelta(hours=1),
        users=[student],
    )
    MeetingFactory(title="Next week", starts_at=timezone.now() + timedelta(days=7), users=[student])
    MeetingFactory(title="Not mine")
    response = signed_in.get(reverse("student_pwa:meetings"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Open now" in html and "Next week" in html and "Not mine" not in html
    assert reverse("student_pwa:meeting_join", args=[open_now.pk]) in html
    assert "Join opens" in html
    assert "form-action 'self' https:" in response["Content-Security-Policy"]


def test_join_records_once_and_redirects_to_the_link(signed_in, student):
    meeting = MeetingFactory(
        starts_at=timezone.now(), ends_at=timezone.now() + timedelta(hours=1), users=[student]
    )
    url = reverse("student_pwa:meeting_join", args=[meeting.pk])
    assert signed_in.get(url).status_code == 405
    assert not Attendance.objects.exists()
    response = signed_in.post(url)
    assert response.status_code == 302
    assert response["Location"] == meeting.join_url
    signed_in.post(url)
    assert Attendance.objects.get().status == "present"


def test_join_outside_the_window_says_when(signed_in, student):
    meeting = MeetingFactory(starts_at=timezone.now() + timedelta(days=1), users=[student])
    response = signed_in.post(reverse("student_pwa:meeting_join", args=[meeting.pk]), follow=True)
    assert "You can join from" in response.content.decode()
    assert not Attendance.objects.exists()


def test_calendar_address_is_made_and_renewed_by_post(signed_in, student):
    url = reverse("student_pwa:calendar_feed_renew")
    assert signed_in.get(url).status_code == 405
    signed_in.post(url)
    first = CalendarFeed.objects.get(user=student).token
    assert first in signed_in.get(reverse("student_pwa:meetings")).content.decode()
    signed_in.post(url)
    assert CalendarFeed.objects.get(user=student).token != first


def test_interview_feedback_shows_once_the_interview_is_over(signed_in, student):
    interviewer = AdminFactory()
    criterion = FeedbackCriterion.objects.create(name="Problem solving")
    past = timezone.now() - timedelta(hours=3)
    meeting = MeetingFactory(
        kind=MeetingKind.MOCK_INTERVIEW,
        interviewer=interviewer,
        starts_at=past,
        ends_at=past + timedelta(hours=1),
        users=[student],
    )
    services.interview_feedback_save(
        meeting=meeting,
        student=student,
        by=interviewer,
        ratings={criterion.pk: 4},
        comments="Clear thinking",
    )
    html = signed_in.get(reverse("student_pwa:meetings")).content.decode()
    assert "Problem solving: 4/5" in html and "Clear thinking" in html
    other = StudentFactory()
    signed_in.force_login(other)
    assert "Clear thinking" not in signed_in.get(reverse("student_pwa:meetings")).content.decode()
