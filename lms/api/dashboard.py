"""The student's dashboard as numbers: what `/app/` shows, from the same selectors
(lms.dashboard), so the PWA and a mobile client agree."""

from django.urls import path, reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lms.dashboard.cache import student_dashboard_cached_get


class _Profile(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    email = serializers.EmailField()
    photo_url = serializers.CharField()
    college = serializers.CharField()
    joined_at = serializers.DateTimeField()


class _CourseBrief(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    title = serializers.CharField()


class _Progress(serializers.Serializer):
    done = serializers.IntegerField()
    total = serializers.IntegerField()
    percent = serializers.IntegerField()


class _NextTask(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    lesson_id = serializers.IntegerField()
    lesson_title = serializers.CharField()


class _CourseCard(serializers.Serializer):
    course = _CourseBrief()
    status = serializers.CharField()
    progress = _Progress()
    next_task = _NextTask(allow_null=True)


class _Attendance(serializers.Serializer):
    attended = serializers.IntegerField()
    invited = serializers.IntegerField(
        help_text="Meetings that have ended, not cancelled, not excused."
    )
    percent = serializers.IntegerField(allow_null=True, help_text="null before any meeting.")


class _Streak(serializers.Serializer):
    current = serializers.IntegerField()
    longest = serializers.IntegerField()
    done_today = serializers.BooleanField()


class _Meeting(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    can_join = serializers.BooleanField()


class _Assignment(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    due_at = serializers.DateTimeField()
    course_slug = serializers.CharField()
    overdue = serializers.BooleanField()


class _PendingAssignments(serializers.Serializer):
    count = serializers.IntegerField()
    items = _Assignment(many=True)


class _Assessment(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField()
    closes_at = serializers.DateTimeField(allow_null=True)
    task_id = serializers.IntegerField()
    course_slug = serializers.CharField()


class _PendingAssessments(serializers.Serializer):
    count = serializers.IntegerField()
    items = _Assessment(many=True)


class _Level(serializers.Serializer):
    level = serializers.IntegerField()
    current_level_at = serializers.IntegerField(help_text="XP at which this level starts.")
    next_level_at = serializers.IntegerField(allow_null=True, help_text="null at the top level.")
    progress_percent = serializers.IntegerField()


class _Badge(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField()
    awarded_at = serializers.DateTimeField()


class _Standing(serializers.Serializer):
    rank = serializers.IntegerField(
        allow_null=True,
        help_text="Rank on the all-time board of everyone (ties share a rank: 1, 2, 2, 4); "
        "null before any points.",
    )
    board_size = serializers.IntegerField(help_text="People on that board.")
    points = serializers.IntegerField(help_text="All-time total.")
    level = _Level()
    badges = _Badge(many=True, help_text="Badges earned, newest first.")


class _Notification(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()
    link = serializers.CharField()
    read = serializers.BooleanField()
    created_at = serializers.DateTimeField()


class _Notifications(serializers.Serializer):
    unread = serializers.IntegerField()
    items = _Notification(many=True, help_text="The newest five, read or not.")


class _Certificate(serializers.Serializer):
    id = serializers.IntegerField()
    serial = serializers.CharField()
    course_title = serializers.CharField()
    completed_on = serializers.DateField()
    valid = serializers.BooleanField(help_text="false once revoked.")
    download_url = serializers.SerializerMethodField()
    verify_url = serializers.SerializerMethodField()

    def get_download_url(self, certificate: dict) -> str | None:
        if not certificate["has_file"]:
            return None
        return reverse("student_pwa:certificate_download", args=[certificate["id"]])

    def get_verify_url(self, certificate: dict) -> str:
        return reverse("student_pwa:certificate_verify", args=[certificate["serial"]])


class MyDashboardApi(APIView):
    """The signed-in person's dashboard: profile, latest courses with progress, attendance %,
    daily streak, upcoming meetings, pending assignments and quizzes, leaderboard rank with
    level and badges, the newest notifications and certificates (a fixed number of
    queries)."""

    permission_classes = [IsAuthenticated]

    class OutputSerializer(serializers.Serializer):
        profile = _Profile()
        courses = _CourseCard(many=True)
        attendance = _Attendance()
        streak = _Streak()
        upcoming_meetings = _Meeting(many=True)
        pending_assignments = _PendingAssignments()
        pending_assessments = _PendingAssessments()
        standing = _Standing()
        notifications = _Notifications()
        certificates = _Certificate(many=True, help_text="The newest five.")

    @extend_schema(responses={200: OutputSerializer}, tags=["me"])
    def get(self, request: Request) -> Response:
        dashboard = student_dashboard_cached_get(user=request.user)
        return Response(self.OutputSerializer(dashboard).data)


urlpatterns = [
    path("me/dashboard/", MyDashboardApi.as_view(), name="my-dashboard"),
]
