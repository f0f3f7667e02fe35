"""Student app pages of the meetings context; joined into student_pwa/urls.py."""

from django.urls import path

from student_pwa.views import meetings

urlpatterns = [
    path("app/meetings/", meetings.meetings, name="meetings"),
    path("app/meetings/<int:meeting_id>/join/", meetings.meeting_join, name="meeting_join"),
    path("app/meetings/calendar/", meetings.calendar_feed_renew, name="calendar_feed_renew"),
]
