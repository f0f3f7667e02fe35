from huey.contrib.djhuey import task

from lms.notifications import services


@task(retries=3, retry_delay=60)
def email_deliver(messages: list) -> int:
    return services.email_deliver(messages=messages)


@task()
def notification_push(user_id: int, notification: dict) -> None:
    services.notification_push(user_id=user_id, notification=notification)


@task()
def meeting_reminder_email(meeting_id: int) -> int:
    return services.meeting_reminder_email(meeting_id=meeting_id)
