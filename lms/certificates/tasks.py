"""Huey jobs of the certificates context (thin: each runs the service it is named after)."""

from huey.contrib.djhuey import db_task

from lms.certificates import services


@db_task(retries=2, retry_delay=60)
def certificate_issue(enrollment_id: int) -> None:
    services.certificate_issue(enrollment_id=enrollment_id)
