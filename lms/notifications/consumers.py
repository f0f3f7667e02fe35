"""A person's live notification stream. Each signed-in socket joins the group of its user.
What reaches it today: the receivers in lms/notifications/receivers.py queue a push when the
person is enrolled in a course and when they complete one (after the write commits). Nothing
is stored: a person who is not connected gets nothing. The student app does not open this
socket; API clients may."""

from channels.generic.websocket import AsyncJsonWebsocketConsumer

CLOSE_UNAUTHENTICATED = 4401


def user_group_name(user_id: int) -> str:
    return f"notifications.user.{user_id}"


class NotificationConsumer(AsyncJsonWebsocketConsumer):
    # --- WebSocket events ---------------------------------------------------------------

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated or not user.is_active:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        self.group_name = user_group_name(user.pk)
        await self.channel_layer.group_add(self.group_name, self.channel_name)
        await self.accept()
        await self.send_json({"type": "hello", "user": user.pk})

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "group_name"):
            await self.channel_layer.group_discard(self.group_name, self.channel_name)

    async def receive_json(self, content, **kwargs) -> None:
        if content.get("type") == "ping":
            await self.send_json({"type": "pong"})

    # --- Channel-layer events -----------------------------------------------------------

    async def notification_message(self, event: dict) -> None:
        await self.send_json({"type": "notification", "notification": event["notification"]})
