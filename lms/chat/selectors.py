"""Reads of the chat context: a person's conversations with unread counts, one conversation
for a member (404 for anyone else: nothing about it leaks), history by cursor, receipts."""

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from lms.accounts.models import Role, User
from lms.chat.models import Conversation, ConversationKind, Membership, Message
from lms.learning.models import ACCESS_STATUSES

HISTORY_PAGE = 30


def _unread_of(user: User) -> Subquery:
    unread = (
        Message.objects.filter(
            conversation_id=OuterRef("pk"),
            id__gt=OuterRef("my_last_read"),
            deleted_at__isnull=True,
        )
        .exclude(author_id=user.pk)
        .order_by()
        .values("conversation_id")
        .annotate(total=Count("id"))
        .values("total")
    )
    return Coalesce(Subquery(unread, output_field=IntegerField()), 0)


def conversation_list(*, user: User) -> QuerySet[Conversation]:
    """The conversations `user` is an active member of, latest activity first, each with
    `unread` (messages of others after the last one they read) and `my_last_read`."""
    return (
        Conversation.objects.filter(memberships__user=user, memberships__removed_at__isnull=True)
        .annotate(my_last_read=F("memberships__last_read_id"))
        .annotate(unread=_unread_of(user))
        .order_by(F("last_message_at").desc(nulls_last=True), "-id")
    )


def membership_active(*, user: User, conversation_id: int) -> Membership | None:
    if not (user and user.is_authenticated and user.is_active):
        return None
    return (
        Membership.objects.select_related("conversation")
        # `conversation__pk`: the primary key's lookup answers "no row" for an id past any
        # row, where the foreign key's raises on SQLite (tests/test_ids_out_of_range.py).
        .filter(conversation__pk=conversation_id, user=user, removed_at__isnull=True)
        .first()
    )


def conversation_for_member(*, user: User, conversation_id: int) -> Membership:
    """The active membership of `user` in the conversation, else 404 (the same answer whether
    the conversation exists or not)."""
    membership = membership_active(user=user, conversation_id=conversation_id)
    if membership is None:
        raise Http404
    return membership


def is_moderator(*, user: User) -> bool:
    """Staff (admins, instructors) moderate the conversations they are in."""
    return user.is_active and user.role in (Role.ADMIN, Role.INSTRUCTOR)


def conversation_for_moderator(*, user: User, conversation_id: int) -> Conversation:
    """The conversation for someone who may try to moderate it: an admin (any conversation)
    or an active member (whether they are staff is the service's check). 404 otherwise."""
    if user.is_active and user.role == Role.ADMIN:
        conversation = Conversation.objects.filter(pk=conversation_id).first()
        if conversation is None:
            raise Http404
        return conversation
    return conversation_for_member(user=user, conversation_id=conversation_id).conversation


def attachment_for_member(*, user: User, conversation_id: int, message_id: int) -> Message:
    """The message whose attachment an active member downloads; 404 for anyone else, for a
    deleted message and for a message without a file (nothing leaks either way)."""
    conversation_for_member(user=user, conversation_id=conversation_id)
    message = (
        Message.objects.filter(
            pk=message_id, conversation_id=conversation_id, deleted_at__isnull=True
        )
        .exclude(attachment="")
        .first()
    )
    if message is None:
        raise Http404
    return message


def messages_before(
    *, conversation: Conversation, before: int | None = None, limit: int = HISTORY_PAGE
) -> list[Message]:
    """A page of history, newest first: messages older than the `before` id."""
    messages = Message.objects.filter(conversation=conversation).select_related("author")
    if before:
        messages = messages.filter(id__lt=before)
    return list(messages.order_by("-id")[:limit])


def read_receipts(*, conversation: Conversation) -> dict[int, int]:
    """For each active member, the id of the newest message they have read."""
    return dict(
        Membership.objects.filter(conversation=conversation, removed_at__isnull=True).values_list(
            "user_id", "last_read_id"
        )
    )


def members(*, conversation: Conversation) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(conversation=conversation, removed_at__isnull=True)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


def conversation_title(*, conversation: Conversation, user: User) -> str:
    """What `user` calls it: the other person's name for a direct chat."""
    if conversation.kind != ConversationKind.DIRECT:
        return conversation.title or str(conversation)
    other = (
        Membership.objects.filter(conversation=conversation)
        .exclude(user=user)
        .select_related("user")
        .first()
    )
    return (other.user.full_name or other.user.email) if other else str(conversation)


def conversation_titles(*, conversations: list[Conversation], user: User) -> dict[int, str]:
    """What `user` calls each conversation, in one query for all the direct ones."""
    titles = {c.pk: c.title or str(c) for c in conversations}
    direct = [c.pk for c in conversations if c.kind == ConversationKind.DIRECT]
    others = (
        Membership.objects.filter(conversation_id__in=direct)
        .exclude(user=user)
        .values_list("conversation_id", "user__full_name", "user__email")
    )
    for conversation_id, full_name, email in others:
        titles[conversation_id] = full_name or email
    return titles


def direct_partners(*, user: User) -> QuerySet[User]:
    """Whom `user` may open a direct chat with. A student: the instructors of the courses
    they study, and the admins. Staff: anyone active."""
    people = User.objects.filter(is_active=True).exclude(pk=user.pk)
    if user.role in (Role.ADMIN, Role.INSTRUCTOR):
        return people
    teaching = Q(
        role=Role.INSTRUCTOR,
        courses_taught__enrollments__user=user,
        courses_taught__enrollments__status__in=ACCESS_STATUSES,
    )
    ids = people.filter(teaching | Q(role=Role.ADMIN)).values("pk")
    return User.objects.filter(pk__in=ids).order_by("full_name", "email")
