"""Background jobs of the commerce context: thin wrappers around services."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from lms.commerce import services


@db_periodic_task(crontab(minute="*/10"))
def orders_expire_stale() -> int:
    return services.orders_expire_stale()
