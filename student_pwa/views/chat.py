"""Chat pages: the list of one's conversations (unread counts, start a direct chat with
staff) and a conversation (history, then live over /ws/chat/<id>/ by static/js/chat.js;
the send form also works without JavaScript). Rules live in lms.chat."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET, require_POST

from lms.accounts.models import User
from lms.chat import selectors, services
from lms.core.errors import ApplicationError
from student_pwa.decorators import student_required
from student_pwa.views.shared import render_page


@require_GET
@student_required
def chat(request: HttpRequest) -> HttpResponse:
    page = list(selectors.conversation_list(user=request.user)[:100])
    titles = selectors.conversation_titles(conversations=page, user=request.user)
    conversations = [{"conversation": c, "title": titles[c.pk]} for c in page]
    context = {
        "conversations": conversations,
        "partners": selectors.direct_partners(user=request.user)[:200],
    }
    return render_page(request, "student_pwa/chat/list.html", context)


@require_POST
@student_required
def chat_start(request: HttpRequest) -> HttpResponse:
    other = get_object_or_404(User, pk=request.POST.get("user_id") or 0, is_active=True)
    try:
        conversation = services.direct_conversation_open(user=request.user, other=other)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("student_pwa:chat")
    return redirect("student_pwa:chat_conversation", conversation.pk)


@require_GET
@student_required
def chat_conversation(request: HttpRequest, conversation_id: int) -> HttpResponse:
    membership = selectors.conversation_for_member(
        user=request.user, conversation_id=conversation_id
    )
    conversation = membership.conversation
    before = request.GET.get("before", "")
    page = selectors.messages_before(
        conversation=conversation, before=int(before) if before.isdigit() else None
    )
    context = {
        "conversation": conversation,
        "membership": membership,
        "title": selectors.conversation_title(conversation=conversation, user=request.user),
        "messages_oldest_first": list(reversed(page)),
        "older_cursor": page[-1].pk if len(page) == selectors.HISTORY_PAGE else None,
        "members": selectors.members(conversation=conversation),
    }
    fragment = "history" if before else "content"
    return render_page(request, "student_pwa/chat/conversation.html", context, fragment=fragment)


@require_POST
@student_required
def chat_send(request: HttpRequest, conversation_id: int) -> HttpResponse:
    membership = selectors.conversation_for_member(
        user=request.user, conversation_id=conversation_id
    )
    try:
        services.message_send(
            user=request.user,
            conversation=membership.conversation,
            body=request.POST.get("body", ""),
            attachment=request.FILES.get("attachment"),
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("student_pwa:chat_conversation", conversation_id)
