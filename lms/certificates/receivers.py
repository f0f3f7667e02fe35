"""What certificates does when other contexts publish events (registered from
CertificatesConfig.ready): rendering a PDF is slow work, so it runs in a Huey job."""

from lms.certificates import tasks
from lms.core.events import receiver
from lms.learning.events import CourseCompleted


@receiver(CourseCompleted)
def course_completed_certificate(event: CourseCompleted) -> None:
    tasks.certificate_issue(event.enrollment_id)
