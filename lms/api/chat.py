"""API of the chat context: one's conversations with unread counts, opening a direct chat,
history by cursor, sending, marking read. A conversation one is not in is 404, whether it
exists or not. Live messages arrive on `/ws/chat/<id>/` (see lms/chat/consumers.py)."""

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lms.accounts.models import User
from lms.api.pagination import PageNumberPagination
from lms.chat import selectors, services


class MessageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    conversation = serializers.IntegerField()
    author = serializers.IntegerField()
    author_name = serializers.CharField()
    body = serializers.CharField()
    attachment = serializers.CharField(help_text="File name; empty when none or deleted.")
    created_at = serializers.DateTimeField()
    edited = serializers.BooleanField()
    deleted = serializers.BooleanField()


class ConversationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text="direct, cohort or group")
    title = serializers.CharField()
    unread = serializers.IntegerField()
    last_message_at = serializers.DateTimeField(allow_null=True)


def _conversation_data(conversation, user: User, title: str | None = None) -> dict:
    if title is None:
        title = selectors.conversation_title(conversation=conversation, user=user)
    return {
        "id": conversation.pk,
        "kind": conversation.kind,
        "title": title,
        "unread": getattr(conversation, "unread", 0),
        "last_message_at": conversation.last_message_at,
    }


class ConversationListApi(APIView):
    """GET: the signed-in person's conversations, latest activity first, each with its
    unread count. POST `{"user_id"}`: opens (or returns) the direct chat with that person: a
    student with their instructors and the admins, staff with anyone (403 otherwise)."""

    permission_classes = [IsAuthenticated]
    pagination_class = PageNumberPagination
    error_statuses = (404,)  # an unknown user_id

    class InputSerializer(serializers.Serializer):
        user_id = serializers.IntegerField()

    @extend_schema(responses={200: ConversationSerializer(many=True)}, tags=["chat"])
    def get(self, request: Request) -> Response:
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            selectors.conversation_list(user=request.user), request, view=self
        )
        titles = selectors.conversation_titles(conversations=page, user=request.user)
        data = [_conversation_data(c, request.user, titles[c.pk]) for c in page]
        return paginator.get_paginated_response(ConversationSerializer(data, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: ConversationSerializer}, tags=["chat"])
    def post(self, request: Request) -> Response:
        given = self.InputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        other = get_object_or_404(User, pk=given.validated_data["user_id"], is_active=True)
        conversation = services.direct_conversation_open(user=request.user, other=other)
        return Response(
            ConversationSerializer(_conversation_data(conversation, request.user)).data,
            status=status.HTTP_201_CREATED,
        )


class ConversationMessagesApi(APIView):
    """GET: a page of history, newest first; `before=<message id>` for older ones (the next
    cursor is in `next_before`, null at the beginning). POST `{"body"}`: sends a message
    (stored, then pushed to the conversation's sockets; 429 when sending too fast)."""

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        body = serializers.CharField(max_length=10000)

    class OutputSerializer(serializers.Serializer):
        messages = MessageSerializer(many=True)
        next_before = serializers.IntegerField(allow_null=True)

    @extend_schema(
        parameters=[OpenApiParameter("before", OpenApiTypes.INT, required=False)],
        responses={200: OutputSerializer},
        tags=["chat"],
        operation_id="conversation_messages_list",
    )
    def get(self, request: Request, conversation_id: int) -> Response:
        membership = selectors.conversation_for_member(
            user=request.user, conversation_id=conversation_id
        )
        before = request.query_params.get("before", "")
        if before and not before.isdigit():
            raise serializers.ValidationError({"before": ["A message id."]})
        page = selectors.messages_before(
            conversation=membership.conversation, before=int(before) if before else None
        )
        next_before = page[-1].pk if len(page) == selectors.HISTORY_PAGE else None
        data = {"messages": [services.message_data(m) for m in page], "next_before": next_before}
        return Response(self.OutputSerializer(data).data)

    @extend_schema(
        request=InputSerializer,
        responses={201: MessageSerializer},
        tags=["chat"],
        operation_id="conversation_messages_create",
    )
    def post(self, request: Request, conversation_id: int) -> Response:
        membership = selectors.conversation_for_member(
            user=request.user, conversation_id=conversation_id
        )
        given = self.InputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        message = services.message_send(
            user=request.user,
            conversation=membership.conversation,
            body=given.validated_data["body"],
        )
        return Response(MessageSerializer(services.message_data(message)).data, status=201)

    error_statuses = (429,)


class ConversationReadApi(APIView):
    """Marks the conversation read up to `up_to` (default: its newest message); the other
    members see the receipt live."""

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        up_to = serializers.IntegerField(required=False, min_value=1)

    class OutputSerializer(serializers.Serializer):
        last_read_id = serializers.IntegerField()

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer}, tags=["chat"])
    def post(self, request: Request, conversation_id: int) -> Response:
        membership = selectors.conversation_for_member(
            user=request.user, conversation_id=conversation_id
        )
        given = self.InputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        last_read = services.conversation_read(
            user=request.user,
            conversation=membership.conversation,
            up_to=given.validated_data.get("up_to"),
        )
        return Response({"last_read_id": last_read})


urlpatterns = [
    path("conversations/", ConversationListApi.as_view(), name="conversation-list"),
    path(
        "conversations/<int:conversation_id>/messages/",
        ConversationMessagesApi.as_view(),
        name="conversation-messages",
    ),
    path(
        "conversations/<int:conversation_id>/read",
        ConversationReadApi.as_view(),
        name="conversation-read",
    ),
]
