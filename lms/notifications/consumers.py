"""A person's live notification stream. Each signed-in socket joins the group of its user;
every tab of that person gets `{"type": "notification", "notification": {...}, "unread": n}`
for each in-app notification stored for them (sent after the write commits, by
lms.notifications.services.notification_send). The student app's bell listens to it; API
clients may too. `{"type": "ping"}` is answered with a pong.

Close codes: 4401 not signed in; 4403 email not verified; 4503 live updates are unavailable (the channel layer, i.e.
Redis, cannot be reached): the socket is accepted, told so in an error frame
`{"type": "error", "code": "live_updates_unavailable"}`, then closed; the client may retry
later. The same frame and code reach a socket that is open when Redis goes away
(lms.core.channel_layer)."""

import contextlib

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from lms.accounts.websocket import socket_refusal
from lms.core.channel_layer import (
    LAYER_UNREACHABLE,
    ForwardedEventsMixin,
    LayerUnavailableMixin,
)


@database_sync_to_async
def _unread_count(user) -> int:
    from lms.notifications.selectors import unread_count

    return unread_count(user=user)


def user_group_name(user_id: int) -> str:
    return f"notifications.user.{user_id}"


class NotificationConsumer(ForwardedEventsMixin, LayerUnavailableMixin, AsyncJsonWebsocketConsumer):
    forwarded_events = ForwardedEventsMixin.forwarded_events | {"notification.message"}

    # --- WebSocket events ---------------------------------------------------------------

    async def connect(self) -> None:
        user = self.scope.get("user")
        refusal = await socket_refusal(user)
        if refusal:
            await self.close(code=refusal)
            return
        if self.channel_layer is None:
            await self.refuse_unavailable("no channel layer configured")
            return
        group_name = user_group_name(user.pk)
        try:
            await self.channel_layer.group_add(group_name, self.channel_name)
        except LAYER_UNREACHABLE as error:
            await self.refuse_unavailable(f"{type(error).__name__}: {error}")
            return
        self.group_name = group_name
        await self.accept()
        await self.send_json(
            {"type": "hello", "user": user.pk, "unread": await _unread_count(user)}
        )

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "group_name"):
            # When Redis is gone, the group's membership expires there on its own.
            with contextlib.suppress(LAYER_UNREACHABLE):
                await self.channel_layer.group_discard(self.group_name, self.channel_name)

    async def receive_json(self, content, **kwargs) -> None:
        if content.get("type") == "ping":
            await self.send_json({"type": "pong"})

    # --- Channel-layer events -----------------------------------------------------------

    async def notification_message(self, event: dict) -> None:
        await self.send_json(
            {
                "type": "notification",
                "notification": event["notification"],
                "unread": event.get("unread"),
            }
        )
