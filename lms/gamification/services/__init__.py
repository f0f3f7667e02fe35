"""Writes of the gamification context. The ledger's one writer and its running totals, awards
(automatic, idempotent per source object), manual adjustments and badges; each module's
public functions are re-exported here."""

from lms.gamification.services.adjustments import points_adjust, points_adjust_cohort
from lms.gamification.services.awards import (
    assessment_points_award,
    assignment_points_award,
    course_points_award,
    daily_work_points_award,
    forum_answer_points_award,
    lesson_points_award,
    meeting_points_award,
    points_award,
)
from lms.gamification.services.badges import badges_award_all, badges_check
from lms.gamification.services.ledger import ledger_add, points_totals_rebuild

__all__ = [
    "assessment_points_award",
    "assignment_points_award",
    "badges_award_all",
    "badges_check",
    "course_points_award",
    "daily_work_points_award",
    "forum_answer_points_award",
    "ledger_add",
    "lesson_points_award",
    "meeting_points_award",
    "points_adjust",
    "points_adjust_cohort",
    "points_award",
    "points_totals_rebuild",
]
