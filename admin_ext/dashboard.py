"""The console's dashboard: cards (a title, a figure and a link), the queues that need a
person, and three charts (enrollments and revenue per month, attendance per week), read
from each context's aggregate selectors.

Admins see the academy; an instructor sees the same page scoped to the courses they teach
(never the academy's revenue nor its people). The figures, not the rendered words, are
cached briefly per scope, so a cold page costs a fixed handful of aggregate queries and a
warm one none (asserted in admin_ext/tests/test_dashboard.py)."""

import json
from dataclasses import dataclass

from django.core.cache import cache
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lms.accounts import permissions
from lms.accounts.models import User
from lms.accounts.selectors import people_summary_get
from lms.assignments.selectors import submissions_to_mark_count
from lms.catalog.selectors import (
    course_counts_get,
    courses_editable_by,
    instructor_applications_pending_count,
)
from lms.commerce.selectors import revenue_by_month, revenue_summary_get
from lms.community.selectors import moderation_queue
from lms.learning.stats import (
    ACTIVE_DAYS,
    active_students_count,
    enrollment_summary_get,
    enrollments_by_month,
    month_starts,
    students_count,
)
from lms.meetings.stats import attendance_summary_get

CACHE_SECONDS = 60
CHART_MONTHS = 12
CHART_WEEKS = 8


@dataclass(frozen=True)
class Card:
    title: str
    value: str
    link: str = ""
    footer: str = ""


@dataclass(frozen=True)
class Queue:
    title: str
    count: int
    link: str


@dataclass(frozen=True)
class Chart:
    title: str
    kind: str  # "bar" or "line": unfold's chart components
    data: str  # Chart.js data, JSON


def _figures(user: User) -> dict:
    """Every number on the page, for the person's scope (a few aggregate queries)."""
    course_ids = None
    if not permissions.is_admin(user):
        course_ids = list(courses_editable_by(user).values_list("pk", flat=True))
    figures = {
        "academy": course_ids is None,
        "courses": course_counts_get(course_ids=course_ids),
        "active_students": active_students_count(course_ids=course_ids),
        "enrollments": enrollment_summary_get(course_ids=course_ids),
        "enrollments_by_month": enrollments_by_month(course_ids=course_ids, months=CHART_MONTHS),
        "attendance": attendance_summary_get(course_ids=course_ids, weeks=CHART_WEEKS),
        "submissions_to_mark": submissions_to_mark_count(course_ids=course_ids),
        "flagged_posts": moderation_queue(user=user).count(),
    }
    if course_ids is None:
        figures["people"] = people_summary_get()
        figures["revenue"] = revenue_summary_get()
        figures["revenue_by_month"] = revenue_by_month(since=month_starts(months=CHART_MONTHS)[0])
        figures["instructor_applications"] = instructor_applications_pending_count()
    else:
        figures["students"] = students_count(course_ids=course_ids)
    return figures


def dashboard_figures(user: User) -> dict:
    key = (
        "console_dashboard:academy"
        if permissions.is_admin(user)
        else f"console_dashboard:{user.pk}"
    )
    return cache.get_or_set(key, lambda: _figures(user), CACHE_SECONDS)


# --- What the page shows ------------------------------------------------------------------


def dashboard_context(user: User) -> dict:
    figures = dashboard_figures(user)
    return {
        "cards": _cards(figures),
        "queues": _queues(figures),
        "charts": _charts(figures),
        "dashboard_scope": _("The whole academy") if figures["academy"] else _("Your courses only"),
    }


def _cards(figures: dict) -> list[Card]:
    users_url = reverse("admin:accounts_user_changelist")
    enrollments_url = reverse("admin:learning_enrollment_changelist")
    enrollments = figures["enrollments"]
    courses = figures["courses"]
    attendance = figures["attendance"]["overall"]
    cards = []
    if figures["academy"]:
        people = figures["people"]
        cards.append(
            Card(
                _("People"),
                f"{people['users']:,}",
                users_url,
                _("%(n)s joined in the last 7 days · %(groups)s groups")
                % {"n": people["joined_last_7_days"], "groups": people["groups"]},
            )
        )
    else:
        cards.append(Card(_("Students"), f"{figures['students']:,}", enrollments_url))
    cards += [
        Card(
            _("Active students"),
            f"{figures['active_students']:,}",
            f"{users_url}?role__exact=student" if figures["academy"] else enrollments_url,
            _("signed in or completed a task in the last %(days)s days") % {"days": ACTIVE_DAYS},
        ),
        Card(
            _("Published courses"),
            f"{courses['published']:,}",
            f"{reverse('admin:catalog_course_changelist')}?status__exact=published",
            _("%(review)s in review · %(draft)s drafts")
            % {"review": courses["in_review"], "draft": courses["draft"]},
        ),
        Card(
            _("Enrollments"),
            f"{enrollments['enrollments']:,}",
            enrollments_url,
            _("%(recent)s in the last 30 days") % {"recent": enrollments["enrolled_last_30_days"]},
        ),
        Card(
            _("Completions"),
            f"{enrollments['completions']:,}",
            f"{enrollments_url}?status__exact=completed",
            _("%(recent)s in the last 30 days") % {"recent": enrollments["completed_last_30_days"]},
        ),
        Card(
            _("Attendance rate"),
            "—" if attendance.percent is None else f"{attendance.percent}%",
            reverse("admin:meetings_meeting_changelist"),
            _("%(attended)s attended of %(expected)s expected, ended meetings")
            % {"attended": attendance.attended, "expected": attendance.expected},
        ),
    ]
    if figures["academy"]:
        cards.append(_revenue_card(figures["revenue"]))
    return cards


def _revenue_card(revenue) -> Card:
    """Net revenue (paid minus refunded) per currency: all time, this month, 30 days."""
    value = " · ".join(f"{row.currency} {row.net:,.2f}" for row in revenue) or "0"
    month = " · ".join(f"{row.currency} {row.net_this_month:,.2f}" for row in revenue) or "0"
    recent = " · ".join(f"{row.currency} {row.net_last_30_days:,.2f}" for row in revenue) or "0"
    paid = sum(row.paid_orders for row in revenue)
    return Card(
        _("Revenue"),
        value,
        f"{reverse('admin:commerce_order_changelist')}?status__exact=paid",
        _("%(paid)s paid orders · this month: %(month)s · last 30 days: %(recent)s")
        % {"paid": paid, "month": month, "recent": recent},
    )


def _queues(figures: dict) -> list[Queue]:
    queues = [
        Queue(
            _("Courses awaiting review"),
            figures["courses"]["in_review"],
            f"{reverse('admin:catalog_course_changelist')}?status__exact=in_review",
        ),
        Queue(
            _("Submissions to mark"),
            figures["submissions_to_mark"],
            f"{reverse('admin:assignments_submission_changelist')}?status=awaiting",
        ),
        Queue(
            _("Flagged posts"),
            figures["flagged_posts"],
            reverse("admin:community_flaggedpost_changelist"),
        ),
    ]
    if figures["academy"]:
        queues.insert(
            1,
            Queue(
                _("Instructor applications"),
                figures["instructor_applications"],
                f"{reverse('admin:catalog_instructorapplication_changelist')}"
                "?status__exact=pending",
            ),
        )
    return queues


def _month_label(day) -> str:
    return date_format(day, "M Y")


def _charts(figures: dict) -> list[Chart]:
    months = figures["enrollments_by_month"]
    labels = [_month_label(row["month"]) for row in months]
    charts = [
        Chart(
            _("Enrollments and completions per month"),
            "bar",
            json.dumps(
                {
                    "labels": labels,
                    "datasets": [
                        {"label": str(_("Enrollments")), "data": [r["enrolled"] for r in months]},
                        {"label": str(_("Completions")), "data": [r["completed"] for r in months]},
                    ],
                }
            ),
        )
    ]
    if figures["academy"]:
        per_currency = figures["revenue_by_month"]
        charts.append(
            Chart(
                _("Net revenue per month"),
                "line",
                json.dumps(
                    {
                        "labels": labels,
                        "datasets": [
                            {
                                "label": currency,
                                "data": [
                                    float(per_currency[currency].get(row["month"], 0))
                                    for row in months
                                ],
                            }
                            for currency in sorted(per_currency)
                        ],
                    }
                ),
            )
        )
    weeks = figures["attendance"]["by_week"]
    charts.append(
        Chart(
            _("Attendance per week (%)"),
            "bar",
            json.dumps(
                {
                    "labels": [date_format(row["week"], "j M") for row in weeks],
                    "datasets": [
                        {
                            "label": str(_("Attendance rate")),
                            "data": [row["figure"].percent or 0 for row in weeks],
                        }
                    ],
                }
            ),
        )
    )
    return charts
