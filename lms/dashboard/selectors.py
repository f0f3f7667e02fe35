"""The student's dashboard, read panel by panel from each context's selectors. A read-only
composition above the contexts (it imports them; none imports it), shared by the PWA's
`/app/` and `GET /api/v1/me/dashboard/` so both show the same numbers.

Every panel costs a fixed number of queries whatever the data size; the whole page is their
sum (asserted in tests at two sizes)."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from lms.accounts.models import User
from lms.assessments.selectors import pending_assessments_get
from lms.assignments.selectors import pending_assignments_get, streak_and_today_get
from lms.certificates.selectors import my_certificates
from lms.gamification.leaderboard import board_get
from lms.gamification.selectors import badges_for_user, level_curve_get, level_for_points
from lms.learning.answers import course_cards_get
from lms.meetings.selectors import attendance_rate, upcoming_meetings_get
from lms.notifications.selectors import notification_list, unread_count

COURSES_ON_DASHBOARD = 6
ITEMS_PER_PANEL = 5


@dataclass(frozen=True)
class StudentDashboard:
    profile: dict
    courses: list[dict]
    attendance: dict
    streak: dict
    upcoming_meetings: list[dict]
    pending_assignments: dict
    pending_assessments: dict
    standing: dict
    notifications: dict
    certificates: list[dict]

    @property
    def is_new(self) -> bool:
        """Nothing to show yet: the page guides a new student to the catalog."""
        return not (self.courses or self.upcoming_meetings or self.pending_assignments["count"])


def profile_card_get(*, user: User) -> dict:
    """The profile card, from the signed-in user (no query)."""
    return {
        "id": user.pk,
        "name": user.full_name or user.email,
        "email": user.email,
        "photo_url": user.photo.url if user.photo else "",
        "college": user.college,
        "joined_at": user.date_joined,
    }


def attendance_panel_get(*, user: User, at: datetime | None = None) -> dict:
    """Attendance % by the meetings context's rule (one query)."""
    rate = attendance_rate(user=user, at=at)
    return {"attended": rate.attended, "invited": rate.invited, "percent": rate.percent}


def standing_panel_get(*, user: User) -> dict:
    """Rank on the all-time board of everyone, points, level and badges earned. Three
    queries: one's own row of the ranked board (with its size), the level curve, and the
    badges (one row per badge the academy defines, so a bounded list)."""
    board = board_get(user=user, period="all", top=0, neighbours=0)
    mine = board.me
    points = mine.points if mine else 0
    level = level_for_points(points=points, curve=level_curve_get())
    badges = [
        {
            "id": award.badge_id,
            "name": award.badge.name,
            "description": award.badge.description,
            "awarded_at": award.awarded_at,
        }
        for award in badges_for_user(user=user).order_by("-awarded_at", "-pk")
    ]
    return {
        "rank": mine.rank if mine else None,
        "board_size": board.size,
        "points": points,
        "level": {
            "level": level.level,
            "current_level_at": level.current_level_at,
            "next_level_at": level.next_level_at,
            "progress_percent": level.progress_percent,
        },
        "badges": badges,
    }


def notifications_panel_get(*, user: User, limit: int = ITEMS_PER_PANEL) -> dict:
    """The newest in-app notifications and the unread count (two queries)."""
    items = [
        {
            "id": n.pk,
            "kind": n.kind,
            "title": n.title,
            "link": n.link,
            "read": n.read_at is not None,
            "created_at": n.created_at,
        }
        for n in notification_list(user=user)[:limit]
    ]
    return {"unread": unread_count(user=user), "items": items}


def certificates_panel_get(*, user: User, limit: int = ITEMS_PER_PANEL) -> list[dict]:
    """The newest certificates (one query); all of them are on "My certificates"."""
    return [
        {
            "id": c.pk,
            "serial": c.serial,
            "course_title": c.course_title,
            "completed_on": c.completed_on,
            "valid": c.is_valid,
            "has_file": bool(c.file),
        }
        for c in my_certificates(user=user).only(
            "id", "serial", "course_title", "completed_on", "revoked_at", "file", "issued_at"
        )[:limit]
    ]


def student_dashboard_get(*, user: User, now: datetime | None = None) -> StudentDashboard:
    now = now or timezone.now()
    assignments_count, assignments = pending_assignments_get(
        user=user, limit=ITEMS_PER_PANEL, now=now
    )
    assessments_count, assessments = pending_assessments_get(
        user=user, limit=ITEMS_PER_PANEL, now=now
    )
    return StudentDashboard(
        profile=profile_card_get(user=user),
        courses=course_cards_get(user=user, limit=COURSES_ON_DASHBOARD),
        attendance=attendance_panel_get(user=user, at=now),
        streak=streak_and_today_get(user=user, now=now),
        upcoming_meetings=upcoming_meetings_get(user=user, limit=ITEMS_PER_PANEL, at=now),
        pending_assignments={"count": assignments_count, "items": assignments},
        pending_assessments={"count": assessments_count, "items": assessments},
        standing=standing_panel_get(user=user),
        notifications=notifications_panel_get(user=user),
        certificates=certificates_panel_get(user=user),
    )
