"""Background jobs of people imports: thin wrappers around services."""

from huey.contrib.djhuey import db_task

from lms.people import services, welcome


@db_task()
def user_import_run_task(user_import_id: int) -> None:
    services.user_import_run(user_import_id=user_import_id)


@db_task(retries=2, retry_delay=60)
def people_welcome_send(user_ids: list[int]) -> int:
    return welcome.welcome_emails_send(user_ids=user_ids)
