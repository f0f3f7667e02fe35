"""API endpoints of the gamification context: leaderboards, the signed-in person's points
history, badges and level, and manual adjustments by admins. The services and selectors
decide; these views only translate HTTP."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lms.accounts.models import User
from lms.accounts.permissions import is_admin
from lms.api.pagination import PageNumberPagination
from lms.catalog.models import Course
from lms.gamification import leaderboard, selectors, services


class IsAdmin(BasePermission):
    message = "Only admins can do this."

    def has_permission(self, request, view) -> bool:
        return is_admin(request.user)


class LeaderboardUserSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class LeaderboardRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    user = LeaderboardUserSerializer()
    points = serializers.IntegerField()


class LeaderboardMeSerializer(serializers.Serializer):
    rank = serializers.IntegerField(allow_null=True, help_text="Null without points here.")
    points = serializers.IntegerField()


class LeaderboardApi(APIView):
    """A board: `period` all (default), week or month (from Monday / the 1st, 00:00 in the
    academy's time zone); `course` (slug) or `group` (id) narrow it to a course the person
    studies or a group they belong to (admins: any; otherwise 404). Ranks are standard
    competition ranks (equal points share a rank; the next one skips). `results` is the top;
    `neighbours` the rows around the person when they are not in it."""

    permission_classes = [IsAuthenticated]
    error_statuses = (400, 404)

    class OutputSerializer(serializers.Serializer):
        period = serializers.ChoiceField(choices=leaderboard.PERIODS)
        since = serializers.DateTimeField(allow_null=True)
        size = serializers.IntegerField(help_text="People on the board.")
        results = LeaderboardRowSerializer(many=True)
        me = LeaderboardMeSerializer()
        neighbours = LeaderboardRowSerializer(many=True)

    @extend_schema(
        parameters=[
            OpenApiParameter("period", str, enum=list(leaderboard.PERIODS), required=False),
            OpenApiParameter("course", str, required=False, description="A course's slug."),
            OpenApiParameter("group", int, required=False, description="A group's id."),
        ],
        responses={200: OutputSerializer},
        tags=["gamification"],
    )
    def get(self, request: Request) -> Response:
        period = request.query_params.get("period", "all")
        if period not in leaderboard.PERIODS:
            raise ValidationError({"period": ["Use all, week or month."]})
        try:
            scope = leaderboard.board_scope_get(
                user=request.user,
                course_slug=request.query_params.get("course", ""),
                cohort_id=request.query_params.get("group", ""),
            )
        except LookupError as error:
            raise Http404 from error
        board = leaderboard.board_get(
            user=request.user, period=period, course_id=scope.course_id, cohort_id=scope.cohort_id
        )
        return Response(
            {
                "period": period,
                "since": board.since.isoformat() if board.since else None,
                "size": board.size,
                "results": [_row(row) for row in board.top],
                "me": {
                    "rank": board.me.rank if board.me else None,
                    "points": board.me.points if board.me else 0,
                },
                "neighbours": [_row(row) for row in board.around_me],
            }
        )


def _row(row: leaderboard.BoardRow) -> dict:
    return {"rank": row.rank, "user": {"id": row.user_id, "name": row.name}, "points": row.points}


class PointsEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    points = serializers.IntegerField()
    reason = serializers.CharField()
    source_kind = serializers.CharField(help_text="meeting, quiz, exam, assignment, manual, ...")
    course = serializers.SlugField(source="course.slug", allow_null=True, default=None)
    created_at = serializers.DateTimeField()


class MyPointsListApi(APIView):
    """The signed-in person's points history, newest first, with the total."""

    permission_classes = [IsAuthenticated]
    pagination_class = PageNumberPagination

    @extend_schema(responses={200: PointsEntrySerializer(many=True)}, tags=["gamification"])
    def get(self, request: Request) -> Response:
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            selectors.points_history(user=request.user), request, view=self
        )
        return paginator.get_paginated_response(PointsEntrySerializer(page, many=True).data)


class MyBadgeListApi(APIView):
    """The badges the signed-in person earned, newest first."""

    permission_classes = [IsAuthenticated]
    pagination_class = PageNumberPagination

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField(source="badge.pk")
        name = serializers.CharField(source="badge.name")
        description = serializers.CharField(source="badge.description")
        criterion = serializers.CharField(source="badge.criterion")
        threshold = serializers.IntegerField(source="badge.threshold")
        awarded_at = serializers.DateTimeField()

    @extend_schema(responses={200: OutputSerializer(many=True)}, tags=["gamification"])
    def get(self, request: Request) -> Response:
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            selectors.badges_for_user(user=request.user), request, view=self
        )
        return paginator.get_paginated_response(self.OutputSerializer(page, many=True).data)


class MyLevelApi(APIView):
    """Level from total XP on the admin's curve: level n starts at
    base × (coefficient^(n−1) − 1) / (coefficient − 1)."""

    permission_classes = [IsAuthenticated]

    class OutputSerializer(serializers.Serializer):
        level = serializers.IntegerField()
        points = serializers.IntegerField()
        current_level_at = serializers.IntegerField()
        next_level_at = serializers.IntegerField(allow_null=True)
        progress_percent = serializers.IntegerField()

    @extend_schema(responses={200: OutputSerializer}, tags=["gamification"])
    def get(self, request: Request) -> Response:
        level = selectors.level_get(user=request.user)
        return Response(self.OutputSerializer(level).data)


class PointsAdjustmentCreateApi(APIView):
    """Add or take away points by hand (admins only). `reason` is required and shown in the
    person's history; `course` (a slug) puts it on that course's board too."""

    permission_classes = [IsAdmin]

    class InputSerializer(serializers.Serializer):
        user_id = serializers.IntegerField()
        points = serializers.IntegerField(help_text="Positive to add, negative to take away.")
        reason = serializers.CharField(max_length=255)
        course = serializers.SlugField(required=False, allow_blank=True)

    @extend_schema(
        request=InputSerializer, responses={201: PointsEntrySerializer}, tags=["gamification"]
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person = User.objects.filter(pk=data.validated_data["user_id"]).first()
        if person is None:
            raise ValidationError({"user_id": ["No such person."]})
        course = None
        if data.validated_data.get("course"):
            course = get_object_or_404(Course, slug=data.validated_data["course"])
        entry = services.points_adjust(
            user=person,
            points=data.validated_data["points"],
            reason=data.validated_data["reason"],
            by=request.user,
            course=course,
        )
        return Response(PointsEntrySerializer(entry).data, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("leaderboard/", LeaderboardApi.as_view(), name="leaderboard"),
    path("me/points/", MyPointsListApi.as_view(), name="my-points"),
    path("me/badges/", MyBadgeListApi.as_view(), name="my-badges"),
    path("me/level/", MyLevelApi.as_view(), name="my-level"),
    path(
        "authoring/points-adjustments/",
        PointsAdjustmentCreateApi.as_view(),
        name="points-adjustment-create",
    ),
]
