"""Reads of the mentor."""

from django.db.models import QuerySet, Sum
from django.http import Http404

from lms.accounts.models import User
from lms.mentor.models import Conversation, DailyUsage, MentorSettings


def conversation_list(*, user: User) -> QuerySet[Conversation]:
    return Conversation.objects.filter(user=user)


def conversation_get(*, user: User, conversation_id: int) -> Conversation:
    """The person's own conversation; anyone else's is "not found" (never "forbidden", which
    would tell that it exists)."""
    conversation = Conversation.objects.filter(user=user, pk=conversation_id).first()
    if conversation is None:
        raise Http404
    return conversation


def usage_totals(*, days: int = 30) -> list[dict]:
    """Questions and tokens per day over everyone, newest day first (the console)."""
    return list(
        DailyUsage.objects.order_by("-day")
        .values("day")
        .annotate(messages=Sum("messages"), tokens=Sum("tokens"))[:days]
    )


def conversations_visible_to_staff() -> bool:
    return MentorSettings.load().staff_may_read_conversations
