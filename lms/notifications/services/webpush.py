"""Web Push (RFC 8030/8291/8292) through pywebpush: each payload is encrypted for the
browser's keys and signed with the academy's VAPID key. Keys come from
LMS_VAPID_PUBLIC_KEY / LMS_VAPID_PRIVATE_KEY (generated into var/ by the embedded default);
without them web push is off."""

import json
import logging

from django.conf import settings
from pywebpush import WebPushException, webpush

from lms.notifications.models import PushSubscription

logger = logging.getLogger(__name__)

# Seconds a push service keeps a message for an offline browser.
TIME_TO_LIVE = 24 * 3600


def webpush_enabled() -> bool:
    return bool(settings.LMS_VAPID_PUBLIC_KEY and settings.LMS_VAPID_PRIVATE_KEY)


def webpush_deliver(*, user_ids: list[int], payload: dict) -> int:
    """Sends `payload` to every browser of `user_ids`. A subscription the push service says is
    gone (404/410) is deleted. Returns how many were accepted."""
    if not webpush_enabled():
        return 0
    data = json.dumps(payload)
    sent = 0
    for subscription in PushSubscription.objects.filter(user_id__in=user_ids).iterator():
        try:
            webpush(
                subscription_info=subscription.info(),
                data=data,
                vapid_private_key=settings.LMS_VAPID_PRIVATE_KEY,
                vapid_claims={"sub": settings.LMS_VAPID_SUBJECT},
                ttl=TIME_TO_LIVE,
                timeout=10,
            )
            sent += 1
        except WebPushException as error:
            status = getattr(error.response, "status_code", None)
            if status in (404, 410):
                subscription.delete()
            else:
                logger.warning("Web push refused (%s) for subscription %s", status, subscription.pk)
    return sent
