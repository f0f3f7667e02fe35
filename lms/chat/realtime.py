"""Channel-layer groups of chat and the after-commit sends the services make. Each socket of
a conversation joins `conversation_group(id)`; each also joins `member_group(id, user)`, so
that staff removing a member reaches exactly that person's open sockets (closed at once)."""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

# A presence counter outlives a process that died without disconnecting its sockets for
# at most this long.
PRESENCE_SECONDS = 3600


def conversation_group(conversation_id: int) -> str:
    return f"chat.conversation.{conversation_id}"


def member_group(conversation_id: int, user_id: int) -> str:
    return f"chat.member.{conversation_id}.{user_id}"


def send_after_commit(group: str, message: dict) -> None:
    """`message` to `group` once the transaction commits (nobody hears of a rolled-back
    write). Live delivery is best effort: the message is stored either way."""

    def send() -> None:
        layer = get_channel_layer()
        if layer is None:
            return
        try:
            async_to_sync(layer.group_send)(group, message)
        except Exception:  # noqa: BLE001 - the channel layer is down; history still has it
            logger.warning("Chat event not pushed to %s", group, exc_info=True)

    transaction.on_commit(send)


# --- Presence: how many chat sockets a person has open (in the shared cache) -------------


def _presence_key(user_id: int) -> str:
    return f"chat:presence:{user_id}"


def presence_enter(user_id: int) -> None:
    key = _presence_key(user_id)
    cache.add(key, 0, timeout=PRESENCE_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=PRESENCE_SECONDS)
    cache.touch(key, timeout=PRESENCE_SECONDS)


def presence_leave(user_id: int) -> None:
    key = _presence_key(user_id)
    try:
        if cache.decr(key) <= 0:
            cache.delete(key)
    except ValueError:
        pass


def online_user_ids(user_ids: list[int]) -> set[int]:
    values = cache.get_many([_presence_key(pk) for pk in user_ids])
    return {pk for pk in user_ids if (values.get(_presence_key(pk)) or 0) > 0}
