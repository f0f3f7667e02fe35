"""`/ws/chat/<conversation id>/`: one conversation, live.

Client → server frames: `{"type": "message", "body"}`, `{"type": "typing"}`,
`{"type": "read", "up_to"?}`, `{"type": "edit", "id", "body"}`, `{"type": "delete", "id"}`,
`{"type": "history", "before"?}`.
Server → client: `hello` (with read receipts), `message`, `changed` (edited or deleted),
`read` (a member's receipt), `typing`, `history`, `error` ({code, message}).

Close codes: 4401 not signed in; 4403 email not verified, or not a member (also sent, at once, to a member staff
remove); 4503 the channel layer is unreachable (lms.core.channel_layer)."""

import contextlib

from channels.generic.websocket import AsyncJsonWebsocketConsumer

from lms.accounts.websocket import socket_refusal
from lms.chat import db, realtime
from lms.core.channel_layer import (
    LAYER_UNREACHABLE,
    ForwardedEventsMixin,
    LayerUnavailableMixin,
)

CLOSE_FORBIDDEN = 4403


class ChatConsumer(ForwardedEventsMixin, LayerUnavailableMixin, AsyncJsonWebsocketConsumer):
    groups_joined: tuple = ()
    # A broadcast carries everything its frame shows: each socket forwards it, no query.
    forwarded_events = ForwardedEventsMixin.forwarded_events | {
        "chat.message",
        "chat.changed",
        "chat.read",
        "chat.typing",
        "chat.removed",
    }

    # --- WebSocket events ---------------------------------------------------------------

    async def connect(self) -> None:
        user = self.scope.get("user")
        refusal = await socket_refusal(user)
        if refusal:
            await self.close(code=refusal)
            return
        self.user = user
        self.conversation_id = int(self.scope["url_route"]["kwargs"]["conversation_id"])
        try:
            await db.membership_get(user, self.conversation_id)
        except db.ClientError:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        if self.channel_layer is None:
            await self.refuse_unavailable("no channel layer configured")
            return
        groups = (
            realtime.conversation_group(self.conversation_id),
            realtime.member_group(self.conversation_id, user.pk),
        )
        try:
            for group in groups:
                await self.channel_layer.group_add(group, self.channel_name)
        except LAYER_UNREACHABLE as error:
            await self.refuse_unavailable(f"{type(error).__name__}: {error}")
            return
        self.groups_joined = groups
        await _presence(realtime.presence_enter, user.pk)
        await self.accept()
        await self.send_json(
            {
                "type": "hello",
                "conversation": self.conversation_id,
                "receipts": await db.read_receipts(self.conversation_id),
            }
        )

    async def disconnect(self, code: int) -> None:
        await self._leave()

    async def _leave(self) -> None:
        """Out of the conversation's groups (nothing more is pushed) and out of presence."""
        if not self.groups_joined:
            return
        groups, self.groups_joined = self.groups_joined, ()
        await _presence(realtime.presence_leave, self.user.pk)
        with contextlib.suppress(LAYER_UNREACHABLE):
            for group in groups:
                await self.channel_layer.group_discard(group, self.channel_name)

    async def receive_json(self, content, **kwargs) -> None:
        kind = content.get("type") if isinstance(content, dict) else None
        handler = self.CLIENT_FRAMES.get(kind)
        if handler is None:
            await self.send_json({"type": "error", "code": "unknown_frame", "message": ""})
            return
        try:
            await handler(self, content)
        except db.ClientError as error:
            if error.code == "forbidden":
                await self.close(code=CLOSE_FORBIDDEN)
                return
            await self.send_json({"type": "error", "code": error.code, "message": error.message})
        except (TypeError, ValueError):
            await self.send_json({"type": "error", "code": "invalid", "message": ""})

    async def _message(self, content: dict) -> None:
        await db.message_send(self.user, self.conversation_id, str(content.get("body", "")))

    async def _typing(self, content: dict) -> None:
        await self.channel_layer.group_send(
            realtime.conversation_group(self.conversation_id),
            {"type": "chat.typing", "user": self.user.pk, "name": self.user.full_name},
        )

    async def _read(self, content: dict) -> None:
        up_to = content.get("up_to")
        await db.conversation_read(self.user, self.conversation_id, int(up_to) if up_to else None)

    async def _edit(self, content: dict) -> None:
        await db.message_edit(self.user, int(content["id"]), str(content.get("body", "")))

    async def _delete(self, content: dict) -> None:
        await db.message_delete(self.user, int(content["id"]))

    async def _history(self, content: dict) -> None:
        before = content.get("before")
        page = await db.history(self.user, self.conversation_id, int(before) if before else None)
        await self.send_json({"type": "history", "messages": page})

    CLIENT_FRAMES = {
        "message": _message,
        "typing": _typing,
        "read": _read,
        "edit": _edit,
        "delete": _delete,
        "history": _history,
    }

    # --- Channel-layer events -----------------------------------------------------------

    async def chat_message(self, event: dict) -> None:
        await self.send_json({"type": "message", "message": event["message"]})

    async def chat_changed(self, event: dict) -> None:
        await self.send_json({"type": "changed", "message": event["message"]})

    async def chat_read(self, event: dict) -> None:
        await self.send_json(
            {"type": "read", "user": event["user"], "last_read_id": event["last_read_id"]}
        )

    async def chat_typing(self, event: dict) -> None:
        if event["user"] != self.user.pk:
            await self.send_json({"type": "typing", "user": event["user"], "name": event["name"]})

    async def chat_removed(self, event: dict) -> None:
        # Leave first: until the client answers the close, messages would still arrive.
        await self._leave()
        await self.close(code=CLOSE_FORBIDDEN)


async def _presence(function, user_id: int) -> None:
    from channels.db import database_sync_to_async

    # The cache may be Redis: a blocking client, so off the event loop.
    with contextlib.suppress(Exception):
        await database_sync_to_async(function)(user_id)
