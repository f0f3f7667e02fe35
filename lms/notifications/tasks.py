"""Huey jobs of notifications: each is named after the service it runs."""

from huey.contrib.djhuey import task

from lms.notifications import services


@task(retries=3, retry_delay=60)
def email_deliver(messages: list) -> int:
    return services.email_deliver(messages=messages)


@task()
def meeting_reminder_email(meeting_id: int) -> int:
    return services.meeting_reminder_email(meeting_id=meeting_id)


@task()
def notification_event_deliver(builder_path: str, event) -> int:
    """Builds the Delivery of `event` with the receiver's builder, then fans it out."""
    from django.utils.module_loading import import_string

    delivery = import_string(builder_path)(event)
    return services.notification_fan_out(delivery=delivery) if delivery else 0


@task()
def notification_send_batch(
    *, user_ids: list[int], kind: str, title: str, body: str, link: str
) -> int:
    return len(
        services.notification_send(user_ids=user_ids, kind=kind, title=title, body=body, link=link)
    )


@task(retries=2, retry_delay=30)
def webpush_send(user_ids: list[int], payload: dict) -> int:
    return services.webpush_deliver(user_ids=user_ids, payload=payload)
