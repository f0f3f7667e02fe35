"""What others do to a person that their dashboard shows at once (registered from
DashboardConfig.ready; their own writes are OwnChangesMiddleware's). Access first: an
enrollment made, revoked, paid or refunded; then marks and attendance, points, badges,
certificates, notifications, a group joined, left or deleted. Anything else shows within
lms.dashboard.cache.DASHBOARD_FRESH_SECONDS."""

from lms.accounts.events import CohortMembershipChanged
from lms.assessments.events import AttemptGraded
from lms.assignments.events import DailyWorkSubmitted, SubmissionReviewed
from lms.certificates.events import CertificateChanged
from lms.commerce.events import OrderPaid, OrderRefunded
from lms.core.events import receiver, subscribe
from lms.dashboard.cache import person_changed
from lms.gamification.events import BadgeAwarded, PointsAdded
from lms.learning.events import (
    CourseCompleted,
    EnrollmentCreated,
    EnrollmentRevoked,
    LessonUnlocked,
    TaskCompleted,
)
from lms.meetings.events import AttendanceMarked, MeetingAttended
from lms.notifications.events import NotificationsStored

# Events whose `user_id` is the person they change.
PERSON_EVENTS = (
    EnrollmentCreated,
    EnrollmentRevoked,
    OrderPaid,
    OrderRefunded,
    TaskCompleted,
    LessonUnlocked,
    CourseCompleted,
    AttemptGraded,
    SubmissionReviewed,
    DailyWorkSubmitted,
    MeetingAttended,
    BadgeAwarded,
    CertificateChanged,
)


def person_dashboard_changed(event) -> None:
    person_changed(event.user_id)


for event_type in PERSON_EVENTS:
    subscribe(event_type, person_dashboard_changed)


@receiver(CohortMembershipChanged)
def group_members_dashboard_changed(event: CohortMembershipChanged) -> None:
    # A group brings its meetings and assignments.
    person_changed(*event.added_user_ids, *event.removed_user_ids)


@receiver(PointsAdded)
@receiver(AttendanceMarked)
@receiver(NotificationsStored)
def people_dashboards_changed(event: PointsAdded | AttendanceMarked | NotificationsStored) -> None:
    # Points and notifications come from Huey jobs a moment after the write behind them.
    person_changed(*event.user_ids)
