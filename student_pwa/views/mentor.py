"""The AI mentor in the student app: conversations, asking (streamed token by token with a
stop button; a plain form POST works without JavaScript), deleting. Rules live in
lms.mentor; these views only show and forward."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lms.core.errors import ApplicationError, error_body
from lms.mentor import provider, selectors, services
from lms.mentor.streaming import event_stream_response
from student_pwa.decorators import student_required
from student_pwa.views.shared import render_page


@require_GET
@student_required
def mentor_home(request: HttpRequest) -> HttpResponse:
    context = {
        "conversations": selectors.conversation_list(user=request.user)[:50],
        "ai_configured": provider.config_get() is not None,
    }
    return render_page(request, "student_pwa/mentor/home.html", context)


@require_POST
@student_required
def conversation_new(request: HttpRequest) -> HttpResponse:
    conversation = services.conversation_create(user=request.user)
    return redirect("student_pwa:mentor_conversation", conversation.pk)


@require_GET
@student_required
def conversation_detail(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = selectors.conversation_get(user=request.user, conversation_id=conversation_id)
    context = {
        "conversation": conversation,
        "messages_list": list(conversation.messages.all()),
        "ai_configured": provider.config_get() is not None,
    }
    return render_page(request, "student_pwa/mentor/conversation.html", context)


@require_POST
@student_required
def conversation_ask(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """Without JavaScript: wait for the whole answer, then show the conversation."""
    conversation = selectors.conversation_get(user=request.user, conversation_id=conversation_id)
    try:
        services.question_ask(
            conversation=conversation, user=request.user, text=request.POST.get("text", "")
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("student_pwa:mentor_conversation", conversation.pk)


@require_POST
@student_required
def conversation_stream(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """The answer as server-sent events (lms/mentor/streaming.py); a refusal (limit, empty
    question) is JSON in the error shape."""
    conversation = selectors.conversation_get(user=request.user, conversation_id=conversation_id)
    try:
        prepared = services.question_prepare(
            conversation=conversation, user=request.user, text=request.POST.get("text", "")
        )
    except ApplicationError as error:
        return JsonResponse(
            error_body(error.code, error.message, error.fields), status=error.status
        )
    return event_stream_response(prepared)


@require_POST
@student_required
def conversation_delete(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = selectors.conversation_get(user=request.user, conversation_id=conversation_id)
    services.conversation_delete(conversation=conversation, user=request.user)
    messages.success(request, _("Conversation deleted."))
    return redirect("student_pwa:mentor")
