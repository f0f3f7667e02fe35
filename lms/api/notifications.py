"""API of the notifications context: the signed-in person's notifications (newest first,
with the unread count), marking them read, their channels per kind, and registering a
browser for web push. The services decide; these views only translate HTTP."""

from django.conf import settings
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lms.api.pagination import PageNumberPagination
from lms.notifications import selectors, services
from lms.notifications.kinds import KINDS


class UnreadCountPagination(PageNumberPagination):
    """A page of notifications and, beside it, how many of the person's are unread."""

    def get_paginated_response(self, data, unread: int = 0):
        response = super().get_paginated_response(data)
        response.data["unread"] = unread
        return response

    def get_paginated_response_schema(self, schema):
        wrapped = super().get_paginated_response_schema(schema)
        wrapped["properties"]["unread"] = {"type": "integer", "example": 3}
        wrapped["required"] = [*wrapped.get("required", []), "unread"]
        return wrapped


class MyNotificationListApi(APIView):
    """The signed-in person's notifications, newest first; only unread ones with
    `unread=true`. `unread` beside the page counts all their unread ones."""

    permission_classes = [IsAuthenticated]
    pagination_class = UnreadCountPagination

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        kind = serializers.CharField()
        title = serializers.CharField()
        body = serializers.CharField()
        link = serializers.CharField()
        read_at = serializers.DateTimeField(allow_null=True)
        created_at = serializers.DateTimeField()

    @extend_schema(
        parameters=[OpenApiParameter("unread", OpenApiTypes.BOOL, required=False)],
        responses={200: OutputSerializer(many=True)},
        tags=["notifications"],
    )
    def get(self, request: Request) -> Response:
        unread_only = request.query_params.get("unread", "").lower() in ("true", "1", "yes")
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            selectors.notification_list(user=request.user, unread=unread_only), request, view=self
        )
        data = self.OutputSerializer(page, many=True).data
        return paginator.get_paginated_response(
            data, unread=selectors.unread_count(user=request.user)
        )


class MyNotificationReadApi(APIView):
    """Marks notifications read: `{"ids": [...]}` (ids not yours are ignored) or
    `{"all": true}`. Answers how many changed and the unread count left."""

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        ids = serializers.ListField(
            child=serializers.IntegerField(), required=False, max_length=500
        )
        all = serializers.BooleanField(required=False, default=False)

    class OutputSerializer(serializers.Serializer):
        marked = serializers.IntegerField()
        unread = serializers.IntegerField()

    @extend_schema(
        request=InputSerializer, responses={200: OutputSerializer}, tags=["notifications"]
    )
    def post(self, request: Request) -> Response:
        given = self.InputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        marked = services.notifications_mark_read(
            user=request.user,
            ids=given.validated_data.get("ids"),
            everything=given.validated_data["all"],
        )
        unread = selectors.unread_count(user=request.user)
        return Response(self.OutputSerializer({"marked": marked, "unread": unread}).data)


class PreferenceSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=sorted(KINDS))
    label = serializers.CharField(read_only=True)
    in_app = serializers.BooleanField(required=False)
    email = serializers.BooleanField(required=False)
    push = serializers.BooleanField(required=False)


class MyNotificationPreferencesApi(APIView):
    """Per kind of notification, the channels in force for the signed-in person (their
    choice, else the kind's default). PUT sends any rows to change; a channel left out keeps
    its value. `vapid_public_key` is the `applicationServerKey` for PushManager.subscribe
    (empty when web push is off)."""

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        preferences = PreferenceSerializer(many=True)

    class OutputSerializer(serializers.Serializer):
        preferences = PreferenceSerializer(many=True)
        vapid_public_key = serializers.CharField()

    def _answer(self, request: Request) -> Response:
        return Response(
            self.OutputSerializer(
                {
                    "preferences": selectors.preferences_get(user=request.user),
                    "vapid_public_key": settings.LMS_VAPID_PUBLIC_KEY,
                }
            ).data
        )

    @extend_schema(responses={200: OutputSerializer}, tags=["notifications"])
    def get(self, request: Request) -> Response:
        return self._answer(request)

    @extend_schema(
        request=InputSerializer, responses={200: OutputSerializer}, tags=["notifications"]
    )
    def put(self, request: Request) -> Response:
        given = self.InputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        services.preferences_set(user=request.user, choices=given.validated_data["preferences"])
        return self._answer(request)


class PushSubscriptionCreateApi(APIView):
    """Registers a browser for web push, in the shape of `PushSubscription.toJSON()`:
    `{"endpoint": "https://...", "keys": {"p256dh": "...", "auth": "..."}}`."""

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        endpoint = serializers.URLField(max_length=1000)
        keys = serializers.DictField(child=serializers.CharField(max_length=200))

        def validate_keys(self, keys: dict) -> dict:
            if not keys.get("p256dh") or not keys.get("auth"):
                raise serializers.ValidationError("Both keys are needed: p256dh and auth.")
            return keys

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        endpoint = serializers.URLField()

    @extend_schema(
        request=InputSerializer, responses={201: OutputSerializer}, tags=["notifications"]
    )
    def post(self, request: Request) -> Response:
        given = self.InputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        subscription = services.push_subscription_register(
            user=request.user,
            endpoint=data["endpoint"],
            p256dh=data["keys"]["p256dh"],
            auth=data["keys"]["auth"],
        )
        return Response(self.OutputSerializer(subscription).data, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("me/notifications/", MyNotificationListApi.as_view(), name="my-notification-list"),
    path("me/notifications/read", MyNotificationReadApi.as_view(), name="my-notification-read"),
    path(
        "me/notification-preferences/",
        MyNotificationPreferencesApi.as_view(),
        name="my-notification-preferences",
    ),
    path("me/push-subscriptions/", PushSubscriptionCreateApi.as_view(), name="push-subscriptions"),
]
