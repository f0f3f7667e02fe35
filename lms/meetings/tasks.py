"""Background jobs of the meetings context: thin wrappers around services."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from lms.meetings import services


@db_periodic_task(crontab(minute="*"))
def meeting_reminders_send() -> int:
    return services.meeting_reminders_send()


@db_periodic_task(crontab(minute="17", hour="3"))
def meeting_series_extend() -> int:
    return services.meeting_series_extend()
