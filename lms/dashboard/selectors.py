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
from lms.certificates.selectors import latest_certificates_get
from lms.gamification.leaderboard import own_standing_get
from lms.gamification.selectors import badges_earned_get, level_curve_get, level_for_points
from lms.learning.answers import course_cards_get
from lms.meetings.selectors import attendance_rate, upcoming_meetings_get
from lms.notifications.selectors import latest_with_unread_get

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
    queries: one's own standing on the board (with its size), the level curve, and the
    badges (one row per badge the academy defines, so a bounded list)."""
    standing = own_standing_get(user=user, period="all")
    points = standing.points or 0
    level = level_for_points(points=points, curve=level_curve_get())
    badges = [
        {
            "id": row["badge_id"],
            "name": row["badge__name"],
            "description": row["badge__description"],
            "awarded_at": row["awarded_at"],
        }
        for row in badges_earned_get(user=user)
    ]
    return {
        "rank": standing.rank,
        "board_size": standing.size,
        "points": points,
        "level": {
            "level": level.level,
            "current_level_at": level.current_level_at,
            "next_level_at": level.next_level_at,
            "progress_percent": level.progress_percent,
        },
        "badges": badges,
    }


def notifications_panel_get(*, user: User) -> dict:
    """The newest in-app notifications and the unread count (one query)."""
    unread, rows = latest_with_unread_get(user=user)
    items = [
        {
            "id": row["pk"],
            "kind": row["kind"],
            "title": row["title"],
            "link": row["link"],
            "read": row["read_at"] is not None,
            "created_at": row["created_at"],
        }
        for row in rows
    ]
    return {"unread": unread, "items": items}


def certificates_panel_get(*, user: User) -> list[dict]:
    """The newest certificates (one query); all of them are on "My certificates"."""
    return [
        {
            "id": row["pk"],
            "serial": row["serial"],
            "course_title": row["course_title"],
            "completed_on": row["completed_on"],
            "valid": row["revoked_at"] is None,
            "has_file": bool(row["file"]),
        }
        for row in latest_certificates_get(user=user)
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
