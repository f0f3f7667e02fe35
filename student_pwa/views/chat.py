"""Chat pages: the list of one's conversations (unread counts, start a direct chat with
staff) and a conversation (history, then live over /ws/chat/<id>/ by static/js/chat.js;
the send form also works without JavaScript). Rules live in lms.chat."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lms.accounts.models import User
from lms.chat import selectors, services
from lms.core.errors import ApplicationError, PermissionDeniedError
from lms.core.private_files import file_response
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
        "can_moderate": selectors.is_moderator(user=request.user),
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


@require_GET
@student_required
def chat_attachment(request: HttpRequest, conversation_id: int, message_id: int) -> HttpResponse:
    """A message's file, for the conversation's active members only (404 for anyone else)."""
    message = selectors.attachment_for_member(
        user=request.user, conversation_id=conversation_id, message_id=message_id
    )
    return file_response(
        request, message.attachment, as_attachment=True, download_name=message.attachment_name
    )


def _moderation_answer(request: HttpRequest, membership) -> HttpResponse:
    """For htmx the refreshed member list (the toast says what happened); else the page."""
    if not request.htmx:
        return redirect("student_pwa:chat_conversation", membership.conversation_id)
    conversation = membership.conversation
    context = {
        "conversation": conversation,
        "membership": membership,
        "members": selectors.members(conversation=conversation),
        "can_moderate": selectors.is_moderator(user=request.user),
    }
    return render_page(request, "student_pwa/chat/conversation.html", context, fragment="members")


@require_POST
@student_required
def chat_member_mute(request: HttpRequest, conversation_id: int, user_id: int) -> HttpResponse:
    """Staff of the conversation mute or unmute a member (`muted` = "1" or "0")."""
    membership = selectors.conversation_for_member(
        user=request.user, conversation_id=conversation_id
    )
    person = get_object_or_404(User, pk=user_id)
    muted = request.POST.get("muted", "1") != "0"
    try:
        services.member_mute(
            acting_user=request.user,
            conversation=membership.conversation,
            user=person,
            muted=muted,
        )
    except PermissionDeniedError as error:  # a member who is not staff
        raise PermissionDenied(error.message) from error
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        name = person.full_name or person.email
        messages.success(
            request,
            (_("%(name)s is muted.") if muted else _("%(name)s can write again.")) % {"name": name},
        )
    return _moderation_answer(request, membership)


@require_POST
@student_required
def chat_member_remove(request: HttpRequest, conversation_id: int, user_id: int) -> HttpResponse:
    """Staff of the conversation remove a member (their open chat closes at once)."""
    membership = selectors.conversation_for_member(
        user=request.user, conversation_id=conversation_id
    )
    person = get_object_or_404(User, pk=user_id)
    try:
        services.member_remove(
            acting_user=request.user, conversation=membership.conversation, user=person
        )
    except PermissionDeniedError as error:  # a member who is not staff
        raise PermissionDenied(error.message) from error
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(name)s was removed from the conversation.")
            % {"name": person.full_name or person.email},
        )
    return _moderation_answer(request, membership)
