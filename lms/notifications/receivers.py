"""What notifications does when other contexts publish events (registered from
NotificationsConfig.ready). Each receiver only queues a Huey task: pushing is slow work."""

from lms.core.events import receiver
from lms.learning.events import CourseCompleted, EnrollmentCreated
from lms.meetings.events import MeetingSoon
from lms.notifications.tasks import meeting_reminder_email, notification_push


@receiver(EnrollmentCreated)
def enrollment_created_push(event: EnrollmentCreated) -> None:
    notification_push(
        event.user_id,
        {"kind": "enrollment_created", "course": event.course_id, "source": event.source},
    )


@receiver(CourseCompleted)
def course_completed_push(event: CourseCompleted) -> None:
    notification_push(event.user_id, {"kind": "course_completed", "course": event.course_id})


@receiver(MeetingSoon)
def meeting_soon_email(event: MeetingSoon) -> None:
    meeting_reminder_email(event.meeting_id)
