"""Background jobs of the mentor: thin wrappers around its services."""

from huey.contrib.djhuey import db_task

from lms.mentor import search, study


@db_task()
def lesson_index(lesson_id: int) -> None:
    search.lesson_index(lesson_id=lesson_id)


@db_task()
def study_job_run(job_id: int) -> None:
    study.study_job_run(job_id=job_id)
