"""Huey jobs of the gamification context: thin, each named after the service it runs.
The periodic badge sweep is declared here (this context's one schedule)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from lms.gamification import services


@db_task()
def meeting_points_award(meeting_id: int, user_id: int, status: str) -> None:
    services.meeting_points_award(meeting_id=meeting_id, user_id=user_id, status=status)
    services.badges_check(user_id=user_id)


@db_task()
def assessment_points_award(attempt_id: int, user_id: int) -> None:
    services.assessment_points_award(attempt_id=attempt_id)
    services.badges_check(user_id=user_id)


@db_task()
def assignment_points_award(submission_id: int, user_id: int) -> None:
    services.assignment_points_award(submission_id=submission_id)
    services.badges_check(user_id=user_id)


@db_task()
def daily_work_points_award(entry_id: int, user_id: int) -> None:
    services.daily_work_points_award(entry_id=entry_id)
    services.badges_check(user_id=user_id)


@db_task()
def lesson_points_award(user_id: int, task_id: int) -> None:
    services.lesson_points_award(user_id=user_id, task_id=task_id)
    services.badges_check(user_id=user_id)


@db_task()
def course_points_award(user_id: int, course_id: int) -> None:
    services.course_points_award(user_id=user_id, course_id=course_id)
    services.badges_check(user_id=user_id)


@db_task()
def forum_answer_points_award(answer_id: int, xp: int, user_id: int) -> None:
    services.forum_answer_points_award(answer_id=answer_id, xp=xp)
    services.badges_check(user_id=user_id)


@db_task()
def badges_check(user_id: int) -> None:
    services.badges_check(user_id=user_id)


@db_periodic_task(crontab(minute="41", hour="2"))
def badges_award_all() -> int:
    return services.badges_award_all()
