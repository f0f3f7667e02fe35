"""API of the chat context: one's conversations with unread counts, opening a direct chat,
history by cursor, sending, marking read. A conversation one is not in is 404, whether it
exists or not. Live messages arrive on `/ws/chat/<id>/` (see lms/chat/consumers.py)."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.negotiation import BaseContentNegotiation, DefaultContentNegotiation
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lms.accounts.models import User
from lms.api.pagination import PageNumberPagination
from lms.chat import selectors, services
from lms.core.private_files import file_response


class JsonErrorsNegotiation(BaseContentNegotiation):
    """A file answers in its own type whatever `Accept` says; errors in JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type

    def select_parser(self, request, parsers):
        return DefaultContentNegotiation().select_parser(request, parsers)


class MessageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    conversation = serializers.IntegerField()
    author = serializers.IntegerField()
    author_name = serializers.CharField()
    body = serializers.CharField()
    attachment = serializers.CharField(help_text="File name; empty when none or deleted.")
    attachment_url = serializers.CharField(
        help_text="Where members download the file (GET, authenticated); empty when none."
    )
    created_at = serializers.DateTimeField()
    edited = serializers.BooleanField()
    deleted = serializers.BooleanField()


class ConversationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text="direct, cohort or group")
    title = serializers.CharField()
    unread = serializers.IntegerField()
    last_message_at = serializers.DateTimeField(allow_null=True)


def _message_data(message) -> dict:
    data = services.message_data(message)
    data["attachment_url"] = (
        reverse("api:conversation-message-attachment", args=[message.conversation_id, message.pk])
        if data["attachment"]
        else ""
    )
    return data


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
    cursor is in `next_before`, null at the beginning). POST `{"body"}` as JSON, or
    multipart with `body` and/or `attachment` (a file: pdf, png, jpg, txt, zip, checked by
    content and size; 400 with the reason otherwise): sends a message (stored, then pushed to
    the conversation's sockets; 403 when muted; 429 when sending too fast)."""

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        body = serializers.CharField(max_length=10000, required=False, allow_blank=True)
        attachment = serializers.FileField(required=False, allow_empty_file=True)

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
        data = {"messages": [_message_data(m) for m in page], "next_before": next_before}
        return Response(self.OutputSerializer(data).data)

    @extend_schema(
        request={
            "application/json": InputSerializer,
            "multipart/form-data": InputSerializer,
        },
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
            body=given.validated_data.get("body", ""),
            attachment=given.validated_data.get("attachment"),
        )
        return Response(MessageSerializer(_message_data(message)).data, status=201)

    error_statuses = (403, 404, 413, 429)


class ConversationMessageAttachmentApi(APIView):
    """A message's file, for the conversation's active members: 404 for anyone else (a
    removed member too), for a deleted message and for a message without a file."""

    permission_classes = [IsAuthenticated]
    content_negotiation_class = JsonErrorsNegotiation
    error_statuses = (404,)

    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
        tags=["chat"],
        operation_id="conversation_message_attachment",
    )
    def get(self, request: Request, conversation_id: int, message_id: int) -> HttpResponse:
        message = selectors.attachment_for_member(
            user=request.user, conversation_id=conversation_id, message_id=message_id
        )
        return file_response(
            request, message.attachment, as_attachment=True, download_name=message.attachment_name
        )


def _moderated(request: Request, conversation_id: int, user_id: int):
    """The conversation (staff must be in it, admins moderate any) and the member acted on.
    Someone who is neither a member nor an admin gets 404: nothing about it leaks."""
    conversation = selectors.conversation_for_moderator(
        user=request.user, conversation_id=conversation_id
    )
    return conversation, get_object_or_404(User, pk=user_id)


class ConversationMemberMuteApi(APIView):
    """Staff of the conversation mute (`{"muted": true}`, the default) or unmute
    (`{"muted": false}`) a member: a muted member still reads but cannot send. Admins
    moderate every conversation, instructors those they are in (403 for a member who is not
    staff, 404 for a stranger or someone not in it)."""

    permission_classes = [IsAuthenticated]

    class InputSerializer(serializers.Serializer):
        muted = serializers.BooleanField(default=True)

    class OutputSerializer(serializers.Serializer):
        user_id = serializers.IntegerField()
        muted = serializers.BooleanField()

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer}, tags=["chat"])
    def post(self, request: Request, conversation_id: int, user_id: int) -> Response:
        conversation, person = _moderated(request, conversation_id, user_id)
        given = self.InputSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        muted = given.validated_data["muted"]
        services.member_mute(
            acting_user=request.user, conversation=conversation, user=person, muted=muted
        )
        return Response({"user_id": person.pk, "muted": muted})


class ConversationMemberRemoveApi(APIView):
    """Staff of the conversation remove a member: their open sockets close at once and the
    history is closed to them (404 from then on). Same permissions as mute."""

    permission_classes = [IsAuthenticated]

    class OutputSerializer(serializers.Serializer):
        user_id = serializers.IntegerField()
        removed = serializers.BooleanField()

    @extend_schema(request=None, responses={200: OutputSerializer}, tags=["chat"])
    def post(self, request: Request, conversation_id: int, user_id: int) -> Response:
        conversation, person = _moderated(request, conversation_id, user_id)
        services.member_remove(acting_user=request.user, conversation=conversation, user=person)
        return Response({"user_id": person.pk, "removed": True})


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
        "conversations/<int:conversation_id>/messages/<int:message_id>/attachment",
        ConversationMessageAttachmentApi.as_view(),
        name="conversation-message-attachment",
    ),
    path(
        "conversations/<int:conversation_id>/members/<int:user_id>/mute",
        ConversationMemberMuteApi.as_view(),
        name="conversation-member-mute",
    ),
    path(
        "conversations/<int:conversation_id>/members/<int:user_id>/remove",
        ConversationMemberRemoveApi.as_view(),
        name="conversation-member-remove",
    ),
    path(
        "conversations/<int:conversation_id>/read",
        ConversationReadApi.as_view(),
        name="conversation-read",
    ),
]
