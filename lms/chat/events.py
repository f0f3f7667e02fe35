"""Events the chat context publishes (see lms/core/events.py and the README's list)."""

from dataclasses import dataclass

from lms.core.events import Event


@dataclass(frozen=True)
class ChatMessageWhileAway(Event):
    """A message reached members who had no chat socket open: notifications tells them."""

    message_id: int
    conversation_id: int
    author_id: int
    recipient_ids: tuple[int, ...]
