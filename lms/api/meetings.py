"""API endpoints of the meetings context: a student's meetings, joining (attendance is
recorded once and the link returned), the private calendar feed, and for admins scheduling
and the attendance export. The services decide; these views only translate HTTP.

Joining a meeting one is not invited to is 403 with a message that tells nothing about the
meeting; outside the join window it is 409 with the window in the message."""

from django.contrib.sites.shortcuts import get_current_site
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lms.accounts.models import Cohort, User
from lms.accounts.permissions import is_admin
from lms.api.pagination import PageNumberPagination
from lms.catalog.models import Course
from lms.meetings import ical, selectors, services
from lms.meetings.export import attendance_csv_response, filters_from_query
from lms.meetings.models import Meeting, MeetingKind


class IsAdmin(BasePermission):
    message = "Only admins can do this."

    def has_permission(self, request, view) -> bool:
        return is_admin(request.user)


class FirstRenderer(BaseContentNegotiation):
    """A file download answers in its own type whatever `Accept` says; errors in JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type

    def select_parser(self, request, parsers):
        return parsers[0]


class AttendanceBriefSerializer(serializers.Serializer):
    status = serializers.CharField(help_text="present, late, absent or excused")
    joined_at = serializers.DateTimeField(allow_null=True)


class MeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=MeetingKind.choices)
    title = serializers.CharField()
    agenda = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    join_opens_at = serializers.DateTimeField()
    can_join = serializers.BooleanField(help_text="The join window is open now.")
    cancelled = serializers.BooleanField()
    attendance = AttendanceBriefSerializer(allow_null=True)


def meeting_data(meeting: Meeting, *, at) -> dict:
    window = selectors.join_window(meeting=meeting)
    status_ = getattr(meeting, "my_status", None)
    return {
        "id": meeting.pk,
        "kind": meeting.kind,
        "title": meeting.title,
        "agenda": meeting.agenda,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "join_opens_at": window.opens_at,
        "can_join": window.is_open(at) and meeting.cancelled_at is None,
        "cancelled": meeting.cancelled_at is not None,
        "attendance": {"status": status_, "joined_at": meeting.my_joined_at} if status_ else None,
    }


class MyMeetingListApi(APIView):
    """The signed-in person's meetings, each once: with `upcoming=true` those not over and
    not cancelled, soonest first; otherwise all, newest first."""

    permission_classes = [IsAuthenticated]
    pagination_class = PageNumberPagination

    @extend_schema(
        parameters=[OpenApiParameter("upcoming", OpenApiTypes.BOOL, required=False)],
        responses={200: MeetingSerializer(many=True)},
        tags=["meetings"],
    )
    def get(self, request: Request) -> Response:
        upcoming = request.query_params.get("upcoming", "").lower() in ("true", "1", "yes")
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            selectors.my_meetings(user=request.user, upcoming=upcoming), request, view=self
        )
        at = timezone.now()
        data = MeetingSerializer([meeting_data(m, at=at) for m in page], many=True).data
        return paginator.get_paginated_response(data)


class MeetingJoinApi(APIView):
    """Records attendance (once: present, or late after the grace period) and returns the
    link to open. 403 when not invited, 409 outside the join window (the message names it)
    or for a cancelled meeting."""

    permission_classes = [IsAuthenticated]

    class OutputSerializer(serializers.Serializer):
        url = serializers.URLField()
        attendance = AttendanceBriefSerializer()

    @extend_schema(request=None, responses={200: OutputSerializer}, tags=["meetings"])
    def post(self, request: Request, meeting_id: int) -> Response:
        meeting = get_object_or_404(Meeting, pk=meeting_id)
        attendance = services.meeting_join(meeting=meeting, user=request.user)
        return Response(
            self.OutputSerializer(
                {
                    "url": meeting.join_url,
                    "attendance": {"status": attendance.status, "joined_at": attendance.joined_at},
                }
            ).data
        )


class CalendarFeedApi(APIView):
    """A student's meetings as iCalendar (`text/calendar`), for a phone's calendar app. The
    token in the URL is the only credential (the student renews it on the Meetings page,
    which revokes the previous one); an unknown token is 404."""

    permission_classes = [AllowAny]
    authentication_classes = []
    content_negotiation_class = FirstRenderer
    error_statuses = (404,)

    @extend_schema(
        parameters=[OpenApiParameter("token", OpenApiTypes.STR, required=True)],
        responses={(200, "text/calendar"): OpenApiTypes.STR},
        tags=["meetings"],
    )
    def get(self, request: Request) -> HttpResponse:
        feed = selectors.calendar_feed_get(token=request.query_params.get("token", ""))
        if feed is None or not feed.user.is_active:
            raise Http404
        meetings = selectors.meetings_for_user(user=feed.user).order_by("starts_at")
        body = ical.calendar(meetings, domain=get_current_site(request).domain)
        return HttpResponse(body, content_type="text/calendar; charset=utf-8")


class AuthoringMeetingCreateApi(APIView):
    """Schedules a meeting (admins). Audience: any mix of course, group and user ids. With
    `repeat_weekly_until`, the first of a weekly series. 400 when it ends before it starts
    or the link is not https."""

    permission_classes = [IsAdmin]
    error_statuses = (404,)  # a course, group, user or interviewer id that does not exist

    class InputSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(choices=MeetingKind.choices, default=MeetingKind.CLASS)
        title = serializers.CharField(max_length=200)
        agenda = serializers.CharField(required=False, allow_blank=True, default="")
        starts_at = serializers.DateTimeField()
        ends_at = serializers.DateTimeField()
        join_url = serializers.CharField(max_length=500)
        courses = serializers.ListField(child=serializers.IntegerField(), required=False)
        groups = serializers.ListField(child=serializers.IntegerField(), required=False)
        users = serializers.ListField(child=serializers.IntegerField(), required=False)
        interviewer = serializers.IntegerField(required=False, allow_null=True)
        repeat_weekly_until = serializers.DateTimeField(required=False, allow_null=True)

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        kind = serializers.CharField()
        title = serializers.CharField()
        starts_at = serializers.DateTimeField()
        ends_at = serializers.DateTimeField()
        join_url = serializers.URLField()
        series = serializers.IntegerField(source="series_id", allow_null=True)
        courses = serializers.ListField(child=serializers.IntegerField())
        groups = serializers.ListField(child=serializers.IntegerField())
        users = serializers.ListField(child=serializers.IntegerField())

    @staticmethod
    def _all(model, ids: list[int], name: str) -> list:
        found = list(model.objects.filter(pk__in=ids))
        if len(found) != len(set(ids)):
            raise Http404(_("Unknown %(name)s id.") % {"name": name})
        return found

    @extend_schema(request=InputSerializer, responses={201: OutputSerializer}, tags=["authoring"])
    def post(self, request: Request) -> Response:
        given = self.InputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        interviewer = (
            get_object_or_404(User, pk=data["interviewer"]) if data.get("interviewer") else None
        )
        meeting = services.meeting_create(
            kind=data["kind"],
            title=data["title"],
            agenda=data["agenda"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            join_url=data["join_url"],
            courses=self._all(Course, data.get("courses", []), "course"),
            cohorts=self._all(Cohort, data.get("groups", []), "group"),
            users=self._all(User, data.get("users", []), "user"),
            interviewer=interviewer,
            repeat_weekly_until=data.get("repeat_weekly_until"),
        )
        output = {
            "id": meeting.pk,
            "kind": meeting.kind,
            "title": meeting.title,
            "starts_at": meeting.starts_at,
            "ends_at": meeting.ends_at,
            "join_url": meeting.join_url,
            "series_id": meeting.series_id,
            "courses": sorted(c.pk for c in meeting.courses.all()),
            "groups": sorted(c.pk for c in meeting.cohorts.all()),
            "users": sorted(u.pk for u in meeting.users.all()),
        }
        return Response(self.OutputSerializer(output).data, status=status.HTTP_201_CREATED)


class AttendanceCsvApi(APIView):
    """Attendance of every invitee of the matching meetings, streamed as CSV (admins):
    `from`/`to` dates (included), `course`, `group`, `kind`. Invitees who never joined a
    meeting that has ended are `absent`; before the end their status is empty."""

    permission_classes = [IsAdmin]
    content_negotiation_class = FirstRenderer

    @extend_schema(
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, required=False),
            OpenApiParameter("to", OpenApiTypes.DATE, required=False),
            OpenApiParameter("course", OpenApiTypes.INT, required=False),
            OpenApiParameter("group", OpenApiTypes.INT, required=False),
            OpenApiParameter("kind", OpenApiTypes.STR, required=False, enum=MeetingKind.values),
        ],
        responses={(200, "text/csv"): OpenApiTypes.STR},
        tags=["authoring"],
    )
    def get(self, request: Request):
        return attendance_csv_response(request._request, filters_from_query(request.query_params))


urlpatterns = [
    path("me/meetings/", MyMeetingListApi.as_view(), name="my-meeting-list"),
    path("meetings/<int:meeting_id>/join/", MeetingJoinApi.as_view(), name="meeting-join"),
    path("me/calendar.ics", CalendarFeedApi.as_view(), name="calendar-feed"),
    path(
        "authoring/meetings/", AuthoringMeetingCreateApi.as_view(), name="authoring-meeting-create"
    ),
    path("authoring/attendance.csv", AttendanceCsvApi.as_view(), name="authoring-attendance-csv"),
]
