"""What gamification does when other contexts publish events (registered from
GamificationConfig.ready): each receiver queues the Huey job that writes the award (and
then checks badges), so the request that caused the event never waits for it."""

from lms.assessments.events import AttemptGraded
from lms.assignments.events import DailyWorkSubmitted, SubmissionReviewed
from lms.community.events import AnswerAccepted
from lms.core.events import receiver
from lms.gamification import tasks
from lms.learning.events import CourseCompleted, TaskCompleted
from lms.meetings.events import MeetingAttended


@receiver(MeetingAttended)
def meeting_attended_points(event: MeetingAttended) -> None:
    tasks.meeting_points_award(event.meeting_id, event.user_id, event.status)


@receiver(AttemptGraded)
def attempt_graded_points(event: AttemptGraded) -> None:
    # A regrade (`regraded`) runs the same award: it corrects, never doubles.
    tasks.assessment_points_award(event.attempt_id, event.user_id)


@receiver(SubmissionReviewed)
def submission_reviewed_points(event: SubmissionReviewed) -> None:
    tasks.assignment_points_award(event.submission_id, event.user_id)


@receiver(DailyWorkSubmitted)
def daily_work_points(event: DailyWorkSubmitted) -> None:
    tasks.daily_work_points_award(event.entry_id, event.user_id)


@receiver(TaskCompleted)
def task_completed_points(event: TaskCompleted) -> None:
    tasks.lesson_points_award(event.user_id, event.task_id)


@receiver(CourseCompleted)
def course_completed_points(event: CourseCompleted) -> None:
    tasks.course_points_award(event.user_id, event.course_id)


@receiver(AnswerAccepted)
def answer_accepted_points(event: AnswerAccepted) -> None:
    tasks.forum_answer_points_award(event.answer_id, event.xp, event.answer_author_id)
