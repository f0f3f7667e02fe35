import logging
import uuid

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.cache import cache
from django.db import connection
from huey.contrib.djhuey import HUEY

logger = logging.getLogger(__name__)


def _database_ok() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache_ok() -> None:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    if cache.get(key) != "ok":
        raise RuntimeError("cache did not return the value just stored")
    cache.delete(key)


def _channel_layer_ok() -> None:
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer configured")

    async def round_trip() -> None:
        channel = await layer.new_channel()
        await layer.send(channel, {"type": "healthz.ping"})
        message = await layer.receive(channel)
        if message.get("type") != "healthz.ping":
            raise RuntimeError("channel layer lost a message")

    async_to_sync(round_trip)()


def _job_queue_ok() -> None:
    HUEY.storage.queue_size()


CHECKS = {
    "database": _database_ok,
    "cache": _cache_ok,
    "channel_layer": _channel_layer_ok,
    "job_queue": _job_queue_ok,
}


def system_health_get() -> dict[str, str]:
    """The state of each part the app needs: "ok" or "down". Why a part is down (hosts,
    ports, error text) goes to the log only: anyone may read the health endpoint."""
    states = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:  # any failure means that part is down
            logger.warning("Health check %s failed: %s: %s", name, type(error).__name__, error)
            states[name] = "down"
        else:
            states[name] = "ok"
    return states


def site_content_get():
    """The home page's words (the one row admins edit); None before migrations seed it."""
    from lms.core.models import SiteContent

    return SiteContent.objects.order_by("pk").first()
