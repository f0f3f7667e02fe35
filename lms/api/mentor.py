"""API of the AI mentor: a person's conversations, asking (whole answer or a stream of
server-sent events). Answers draw only on lessons the person can open; without a provider
the answer is the lessons that cover the question. urlpatterns are joined into
lms/api/urls.py."""

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.negotiation import BaseContentNegotiation, DefaultContentNegotiation
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lms.api.pagination import PageNumberPagination
from lms.mentor import selectors, services
from lms.mentor.streaming import event_stream_response


class JsonErrorsNegotiation(BaseContentNegotiation):
    """The stream answers `text/event-stream` itself; anything refused before it starts
    answers in the JSON error shape, whatever `Accept` says."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type

    def select_parser(self, request, parsers):
        return DefaultContentNegotiation().select_parser(request, parsers)


class SourceSerializer(serializers.Serializer):
    course = serializers.CharField()
    lesson = serializers.CharField()
    url = serializers.CharField(help_text="The lesson's page in the student app.")


class MentorMessageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    role = serializers.ChoiceField(choices=["user", "assistant"])
    text = serializers.CharField()
    sources = SourceSerializer(many=True)
    provider = serializers.CharField(help_text="Who answered; empty for lesson passages only.")
    error = serializers.CharField(
        help_text="Why the provider did not answer: timeout, provider_error, provider_busy; "
        "`stopped` when the reader stopped a stream; empty otherwise."
    )
    created_at = serializers.DateTimeField()


class MentorConversationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class MentorConversationListApi(APIView):
    """The signed-in person's mentor conversations, newest first (GET), or a new one (POST)."""

    permission_classes = [IsAuthenticated]
    pagination_class = PageNumberPagination

    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=200, required=False, allow_blank=True)

    class OutputSerializer(MentorConversationSerializer):
        pass

    @extend_schema(responses={200: OutputSerializer(many=True)}, tags=["mentor"])
    def get(self, request: Request) -> Response:
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            selectors.conversation_list(user=request.user), request, view=self
        )
        return paginator.get_paginated_response(self.OutputSerializer(page, many=True).data)

    @extend_schema(
        operation_id="mentor_conversations_create",
        request=InputSerializer,
        responses={201: OutputSerializer},
        tags=["mentor"],
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        conversation = services.conversation_create(
            user=request.user, title=data.validated_data.get("title", "")
        )
        return Response(self.OutputSerializer(conversation).data, status=status.HTTP_201_CREATED)


class MentorConversationDetailApi(APIView):
    """One of the person's conversations with its messages (GET), or deleting it (DELETE).
    Another person's conversation is 404."""

    permission_classes = [IsAuthenticated]

    class OutputSerializer(MentorConversationSerializer):
        messages = MentorMessageSerializer(many=True, source="messages.all")

    @extend_schema(responses={200: OutputSerializer}, tags=["mentor"])
    def get(self, request: Request, conversation_id: int) -> Response:
        conversation = selectors.conversation_get(
            user=request.user, conversation_id=conversation_id
        )
        return Response(self.OutputSerializer(conversation).data)

    @extend_schema(responses={204: None}, tags=["mentor"])
    def delete(self, request: Request, conversation_id: int) -> Response:
        conversation = selectors.conversation_get(
            user=request.user, conversation_id=conversation_id
        )
        services.conversation_delete(conversation=conversation, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AskInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=services.MAX_QUESTION_CHARS)


class MentorMessageCreateApi(APIView):
    """Ask the mentor and wait for the whole answer. `provider` is null when no AI provider
    is configured: the answer then names the lessons that cover the question. A provider
    that fails or times out still answers 200, with `error` set and a message for the
    student. 429 when the person's daily limit is used up."""

    permission_classes = [IsAuthenticated]
    error_statuses = (429,)

    class InputSerializer(AskInputSerializer):
        pass

    class OutputSerializer(serializers.Serializer):
        message_id = serializers.IntegerField(source="pk")
        answer = serializers.CharField(source="text")
        sources = SourceSerializer(many=True)
        provider = serializers.CharField(allow_null=True)
        error = serializers.CharField(allow_null=True)

    @extend_schema(request=InputSerializer, responses={200: OutputSerializer}, tags=["mentor"])
    def post(self, request: Request, conversation_id: int) -> Response:
        conversation = selectors.conversation_get(
            user=request.user, conversation_id=conversation_id
        )
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        answer = services.question_ask(
            conversation=conversation, user=request.user, text=data.validated_data["text"]
        )
        answer.provider = answer.provider or None
        answer.error = answer.error or None
        return Response(self.OutputSerializer(answer).data)


class MentorMessageStreamApi(APIView):
    """Ask the mentor and read the answer as it is written: `text/event-stream`, one
    `data: {json}` line per event: `sources` first (with `provider`, null without one), a
    `token` per piece of text, an `error` if the provider fails, `done` at the end. Close
    the connection to stop; what was said so far is kept."""

    permission_classes = [IsAuthenticated]
    content_negotiation_class = JsonErrorsNegotiation
    error_statuses = (429,)

    class InputSerializer(AskInputSerializer):
        pass

    @extend_schema(
        request=InputSerializer,
        responses={
            (200, "text/event-stream"): OpenApiResponse(
                response=OpenApiTypes.STR,
                examples=[
                    OpenApiExample(
                        "stream",
                        value='data: {"type": "sources", "sources": [], "provider": null}\n\n'
                        'data: {"type": "token", "text": "Loops"}\n\n'
                        'data: {"type": "done", "message_id": 7}\n\n',
                    )
                ],
            )
        },
        tags=["mentor"],
    )
    def post(self, request: Request, conversation_id: int):
        conversation = selectors.conversation_get(
            user=request.user, conversation_id=conversation_id
        )
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        prepared = services.question_prepare(
            conversation=conversation, user=request.user, text=data.validated_data["text"]
        )
        return event_stream_response(prepared)


urlpatterns = [
    path(
        "mentor/conversations/",
        MentorConversationListApi.as_view(),
        name="mentor-conversation-list",
    ),
    path(
        "mentor/conversations/<int:conversation_id>/",
        MentorConversationDetailApi.as_view(),
        name="mentor-conversation-detail",
    ),
    path(
        "mentor/conversations/<int:conversation_id>/messages/",
        MentorMessageCreateApi.as_view(),
        name="mentor-message-create",
    ),
    path(
        "mentor/conversations/<int:conversation_id>/messages/stream/",
        MentorMessageStreamApi.as_view(),
        name="mentor-message-stream",
    ),
]
