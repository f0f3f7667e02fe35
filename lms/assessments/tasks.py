"""Background jobs of the assessments context: thin wrappers around services."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from lms.assessments.services import attempts, imports


@db_task()
def attempt_submit_due(attempt_id: int) -> None:
    """Scheduled at each attempt's deadline."""
    attempts.attempt_submit_if_due(attempt_id=attempt_id)


@db_periodic_task(crontab(minute="*"))
def attempts_submit_overdue() -> int:
    return attempts.attempts_submit_overdue()


@db_task()
def question_import_parse(job_id: int) -> None:
    imports.question_import_parse_run(job_id=job_id)


@db_task()
def question_import_apply(job_id: int) -> None:
    imports.question_import_apply_run(job_id=job_id)
