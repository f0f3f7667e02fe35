"""Writes of the chat context. Every message is stored first, then pushed to the
conversation's sockets after commit; HTTP views, console actions and consumers all call
these functions, which check who may do what."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts import limits
from lms.accounts.models import Cohort, Role, User
from lms.chat import realtime, selectors
from lms.chat.events import ChatMessageWhileAway
from lms.chat.models import Conversation, ConversationKind, Membership, Message
from lms.core.errors import ApplicationError, PermissionDeniedError
from lms.core.events import publish
from lms.core.files import display_name

MESSAGE_LIMIT = "chat_message"


def _is_staff(user: User) -> bool:
    return user.is_active and user.role in (Role.ADMIN, Role.INSTRUCTOR)


def message_data(message: Message) -> dict:
    """A message as sockets and the API show it (a deleted one keeps only its place)."""
    deleted = message.deleted_at is not None
    return {
        "id": message.pk,
        "conversation": message.conversation_id,
        "author": message.author_id,
        "author_name": message.author.full_name or message.author.email,
        "body": "" if deleted else message.body,
        "attachment": (message.attachment_name or message.attachment.name.rsplit("/", 1)[-1])
        if message.attachment and not deleted
        else "",
        "created_at": message.created_at.isoformat(),
        "edited": message.edited_at is not None,
        "deleted": deleted,
    }


# --- Conversations ------------------------------------------------------------------------


@transaction.atomic
def direct_conversation_open(*, user: User, other: User) -> Conversation:
    """The one direct conversation of `user` and `other`, made if needed. A student may open
    one with the instructors of the courses they study and with admins; staff with anyone."""
    if other.pk == user.pk or not other.is_active:
        raise ApplicationError(_("You cannot start a chat with this person."), code="invalid")
    if not selectors.direct_partners(user=user).filter(pk=other.pk).exists():
        raise PermissionDeniedError(
            _("You can chat with your instructors and the academy's staff.")
        )
    low, high = sorted([user.pk, other.pk])
    key = f"{low}:{high}"
    existing = Conversation.objects.filter(direct_key=key).first()
    if existing:
        Membership.objects.filter(conversation=existing, user__in=[user, other]).update(
            removed_at=None
        )
        return existing
    try:
        with transaction.atomic():
            conversation = Conversation.objects.create(
                kind=ConversationKind.DIRECT, direct_key=key, created_by=user
            )
    except IntegrityError:  # opened by the other person at the same moment
        return Conversation.objects.get(direct_key=key)
    Membership.objects.bulk_create(
        [Membership(conversation=conversation, user=person) for person in (user, other)]
    )
    return conversation


@transaction.atomic
def group_conversation_create(
    *, acting_user: User, title: str, member_ids: list[int]
) -> Conversation:
    """An ad-hoc group chat (staff only); its creator is a member."""
    if not _is_staff(acting_user):
        raise PermissionDeniedError(_("Only staff can create group chats."))
    title = title.strip()
    if not title:
        raise ApplicationError(
            _("Give the group chat a title."), fields={"title": [_("Required.")]}
        )
    conversation = Conversation.objects.create(
        kind=ConversationKind.GROUP, title=title[:120], created_by=acting_user
    )
    ids = set(User.objects.filter(pk__in=member_ids, is_active=True).values_list("pk", flat=True))
    ids.add(acting_user.pk)
    Membership.objects.bulk_create(
        [Membership(conversation=conversation, user_id=pk) for pk in ids]
    )
    return conversation


@transaction.atomic
def members_add(*, acting_user: User, conversation: Conversation, user_ids: list[int]) -> int:
    """Staff add people to a group chat (a removed member comes back)."""
    _require_moderator(acting_user, conversation)
    if conversation.kind == ConversationKind.DIRECT:
        raise ApplicationError(_("A direct chat has exactly two people."))
    added = 0
    for user in User.objects.filter(pk__in=user_ids, is_active=True):
        membership, created = Membership.objects.get_or_create(conversation=conversation, user=user)
        if created or membership.removed_at:
            membership.removed_at = None
            membership.save(update_fields=["removed_at"])
            added += 1
    return added


@transaction.atomic
def cohort_conversation_sync(
    *, cohort_id: int, added_user_ids: tuple = (), removed_user_ids: tuple = ()
) -> Conversation | None:
    """The cohort's group chat exists and follows its membership: people who joined the
    cohort are members; people who left it are removed (their open sockets closed)."""
    cohort = Cohort.objects.filter(pk=cohort_id).first()
    if cohort is None:
        return None
    conversation, _created = Conversation.objects.get_or_create(
        cohort=cohort, defaults={"kind": ConversationKind.COHORT, "title": cohort.name}
    )
    # A fixed number of queries however many joined (an import adds hundreds at once).
    present = dict(
        Membership.objects.filter(
            conversation=conversation, user_id__in=added_user_ids
        ).values_list("user_id", "pk")
    )
    Membership.objects.bulk_create(
        [
            Membership(conversation=conversation, user_id=user_id, via_cohort=True)
            for user_id in set(added_user_ids) - present.keys()
        ],
        ignore_conflicts=True,
    )
    # Back in the cohort, back in its chat (not someone staff took out of the chat itself).
    Membership.objects.filter(
        pk__in=present.values(), removed_at__isnull=False, via_cohort=True
    ).update(removed_at=None)
    leaving = Membership.objects.filter(
        conversation=conversation, user_id__in=removed_user_ids, via_cohort=True
    )
    for membership in leaving.filter(removed_at__isnull=True):
        _remove(membership)
    return conversation


def _require_moderator(user: User, conversation: Conversation) -> None:
    """Admins moderate every conversation; instructors those they are members of."""
    if user.is_active and user.role == Role.ADMIN:
        return
    if _is_staff(user) and selectors.membership_active(user=user, conversation_id=conversation.pk):
        return
    raise PermissionDeniedError(_("Only the conversation's staff can do this."))


def _remove(membership: Membership) -> None:
    membership.removed_at = timezone.now()
    membership.save(update_fields=["removed_at"])
    realtime.send_after_commit(
        realtime.member_group(membership.conversation_id, membership.user_id),
        {"type": "chat.removed"},
    )


@transaction.atomic
def member_remove(*, acting_user: User, conversation: Conversation, user: User) -> None:
    """Staff take someone out: their sockets close at once, history is closed to them."""
    _require_moderator(acting_user, conversation)
    membership = (
        Membership.objects.select_for_update()
        .filter(conversation=conversation, user=user, removed_at__isnull=True)
        .first()
    )
    if membership is None:
        raise ApplicationError(_("This person is not in the conversation."), code="not_member")
    _remove(membership)


@transaction.atomic
def member_mute(*, acting_user: User, conversation: Conversation, user: User, muted: bool) -> None:
    """A muted member still reads but cannot send."""
    _require_moderator(acting_user, conversation)
    changed = Membership.objects.filter(
        conversation=conversation, user=user, removed_at__isnull=True
    ).update(muted=muted)
    if not changed:
        raise ApplicationError(_("This person is not in the conversation."), code="not_member")


# --- Messages -----------------------------------------------------------------------------


def _sender_membership(user: User, conversation_id: int) -> Membership:
    membership = selectors.membership_active(user=user, conversation_id=conversation_id)
    if membership is None:
        raise PermissionDeniedError(_("You are not in this conversation."), code="not_member")
    if membership.muted:
        raise PermissionDeniedError(_("You are muted in this conversation."), code="muted")
    return membership


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if len(body) > settings.LMS_CHAT_MAX_MESSAGE_CHARS:
        raise ApplicationError(
            _("A message can be at most %(limit)s characters.")
            % {"limit": settings.LMS_CHAT_MAX_MESSAGE_CHARS},
            code="too_long",
            fields={"body": [_("Too long.")]},
        )
    return body


@transaction.atomic
def message_send(*, user: User, conversation: Conversation, body: str, attachment=None) -> Message:
    """Stores a message (plain text; an optional validated attachment), marks it read for its
    author, pushes it to the conversation's sockets after commit, and tells members with no
    chat open (the notification "chat message"). Limited per person per minute."""
    membership = _sender_membership(user, conversation.pk)
    body = _clean_body(body)
    if not body and not attachment:
        raise ApplicationError(_("Write a message first."), fields={"body": [_("Required.")]})
    limit = limits.Limit(MESSAGE_LIMIT, settings.LMS_CHAT_MESSAGES_PER_MINUTE, 60)
    if limits.limit_take(limit=limit, key=f"user:{user.pk}") is None:
        raise ApplicationError(
            _("You are sending messages too fast. Wait a minute."), code="throttled", status=429
        )
    message = Message(conversation=conversation, author=user, body=body)
    if attachment is not None:
        message.attachment = attachment
        message.attachment_name = display_name(attachment.name)
        try:
            message.full_clean(exclude=["conversation", "author", "body"])
        except ValidationError as error:
            raise ApplicationError(
                " ".join(error.message_dict.get("attachment", [_("This file is not accepted.")])),
                fields={"attachment": error.message_dict.get("attachment", [])},
            ) from error
    message.save()
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=message.created_at)
    membership.last_read_id = message.pk
    membership.save(update_fields=["last_read_id"])
    realtime.send_after_commit(
        realtime.conversation_group(conversation.pk),
        {"type": "chat.message", "message": message_data(message)},
    )
    others = list(
        Membership.objects.filter(conversation=conversation, removed_at__isnull=True)
        .exclude(user=user)
        .values_list("user_id", flat=True)
    )
    away = sorted(set(others) - realtime.online_user_ids(others))
    if away:
        publish(
            ChatMessageWhileAway(
                message_id=message.pk,
                conversation_id=conversation.pk,
                author_id=user.pk,
                recipient_ids=tuple(away),
            )
        )
    return message


def _own_message(user: User, message_id: int) -> Message:
    message = (
        Message.objects.select_for_update()
        .select_related("author")
        .filter(pk=message_id, deleted_at__isnull=True)
        .first()
    )
    if message is None or message.author_id != user.pk:
        raise PermissionDeniedError(_("You can change only your own messages."))
    _sender_membership(user, message.conversation_id)
    return message


@transaction.atomic
def message_edit(*, user: User, message_id: int, body: str) -> Message:
    message = _own_message(user, message_id)
    body = _clean_body(body)
    if not body:
        raise ApplicationError(_("Write a message first."), fields={"body": [_("Required.")]})
    message.body = body
    message.edited_at = timezone.now()
    message.save(update_fields=["body", "edited_at"])
    realtime.send_after_commit(
        realtime.conversation_group(message.conversation_id),
        {"type": "chat.changed", "message": message_data(message)},
    )
    return message


@transaction.atomic
def message_delete(*, user: User, message_id: int) -> Message:
    """Soft delete: the message keeps its place, its words and file are gone from view."""
    message = _own_message(user, message_id)
    message.deleted_at = timezone.now()
    message.save(update_fields=["deleted_at"])
    realtime.send_after_commit(
        realtime.conversation_group(message.conversation_id),
        {"type": "chat.changed", "message": message_data(message)},
    )
    return message


@transaction.atomic
def conversation_read(*, user: User, conversation: Conversation, up_to: int | None = None) -> int:
    """Marks the conversation read up to message `up_to` (default: its newest) and tells the
    other members (read receipts). Never moves backwards. Returns the new last-read id."""
    membership = selectors.membership_active(user=user, conversation_id=conversation.pk)
    if membership is None:
        raise PermissionDeniedError(_("You are not in this conversation."), code="not_member")
    newest = (
        Message.objects.filter(conversation=conversation)
        .order_by("-id")
        .values_list("id", flat=True)
        .first()
        or 0
    )
    target = min(up_to, newest) if up_to else newest
    if target > membership.last_read_id:
        Membership.objects.filter(pk=membership.pk, last_read_id__lt=target).update(
            last_read_id=target
        )
        realtime.send_after_commit(
            realtime.conversation_group(conversation.pk),
            {"type": "chat.read", "user": user.pk, "last_read_id": target},
        )
        return target
    return membership.last_read_id
