"""A person's page in the console: profile, courses with progress, quiz and exam attempts,
assignment submissions, attendance and daily-work streak, points history (awards and
manual adjustments) and certificates, each the latest few, read with a fixed number of
queries."""

from django.utils import timezone

from lms.accounts.models import User
from lms.assessments.models import Attempt
from lms.assignments.models import Submission
from lms.assignments.selectors import streak_and_today_get
from lms.certificates.selectors import my_certificates
from lms.gamification.leaderboard import total_points
from lms.gamification.selectors import points_history
from lms.learning.answers import course_cards_get
from lms.meetings.models import Attendance
from lms.meetings.selectors import attendance_rate

LATEST = 50
LATEST_POINTS = 20


def person_overview_get(*, user: User) -> dict:
    rate = attendance_rate(user=user)
    return {
        "person": user,
        "courses": course_cards_get(user=user),
        "attempts": list(
            Attempt.objects.filter(user=user)
            .select_related("assessment__course")
            .order_by("-started_at", "-pk")[:LATEST]
        ),
        "submissions": list(
            Submission.objects.filter(user=user, is_latest=True)
            .select_related("assignment__course")
            .order_by("-submitted_at", "-pk")[:LATEST]
        ),
        "attendance": {"attended": rate.attended, "invited": rate.invited, "percent": rate.percent},
        "meetings": list(
            Attendance.objects.filter(user=user, meeting__starts_at__lte=timezone.now())
            .select_related("meeting")
            .order_by("-meeting__starts_at")[:LATEST]
        ),
        "streak": streak_and_today_get(user=user),
        "points_total": total_points(user=user),
        "points": list(points_history(user=user)[:LATEST_POINTS]),
        "certificates": list(my_certificates(user=user)[:LATEST]),
    }
