"""Background jobs of reports: thin wrappers around services."""

from huey.contrib.djhuey import db_task

from lms.reports import services


@db_task()
def report_export_run_task(export_id: int) -> None:
    services.report_export_run(export_id=export_id)
