"""What the mentor does when other contexts publish events (registered from
MentorConfig.ready): keep the lesson index fresh, in a Huey job."""

from lms.catalog.events import LessonChanged, LessonDeleted
from lms.core.events import receiver
from lms.mentor.tasks import lesson_index


@receiver(LessonChanged)
def lesson_changed_index(event: LessonChanged) -> None:
    lesson_index(event.lesson_id)


@receiver(LessonDeleted)
def lesson_deleted_unindex(event: LessonDeleted) -> None:
    lesson_index(event.lesson_id)
