"""The dashboard's cards: each is a title, a figure and a link, read from selectors and
cached briefly so the console's front page costs a few aggregate queries at most."""

from dataclasses import dataclass

from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lms.accounts.models import User
from lms.accounts.permissions import is_admin
from lms.accounts.selectors import people_summary_get
from lms.catalog.selectors import course_counts_get, courses_editable_by
from lms.commerce.selectors import revenue_summary_get

CACHE_SECONDS = 60


@dataclass(frozen=True)
class Card:
    title: str
    value: str
    link: str = ""
    footer: str = ""


def _build_cards() -> list[Card]:
    people = people_summary_get()
    users_url = reverse("admin:accounts_user_changelist")
    return [
        Card(
            _("Users"),
            f"{people['users']:,}",
            users_url,
            _("%(n)s joined in the last 7 days") % {"n": people["joined_last_7_days"]},
        ),
        Card(
            _("Active students"),
            f"{people['active_students']:,}",
            f"{users_url}?role__exact=student",
            _("signed in during the last 30 days"),
        ),
        Card(
            _("Verified students"), f"{people['verified_students']:,}", f"{users_url}?verified=yes"
        ),
        Card(_("Groups"), f"{people['groups']:,}", reverse("admin:accounts_cohort_changelist")),
        _courses_card(),
        _revenue_card(),
    ]


def _courses_card(courses=None, title=None) -> Card:
    courses = course_counts_get(courses=courses)
    return Card(
        title or _("Published courses"),
        f"{courses['published']:,}",
        f"{reverse('admin:catalog_course_changelist')}?status__exact=published",
        _("%(review)s in review · %(draft)s drafts")
        % {"review": courses["in_review"], "draft": courses["draft"]},
    )


def _revenue_card() -> Card:
    """Net revenue (paid minus refunded) per currency, one aggregate query."""
    revenue = revenue_summary_get()
    value = " · ".join(f"{row.currency} {row.net:,.2f}" for row in revenue) or "0"
    recent = " · ".join(f"{row.currency} {row.net_last_30_days:,.2f}" for row in revenue) or "0"
    paid = sum(row.paid_orders for row in revenue)
    return Card(
        _("Revenue"),
        value,
        f"{reverse('admin:commerce_order_changelist')}?status__exact=paid",
        _("%(paid)s paid orders · last 30 days: %(recent)s") % {"paid": paid, "recent": recent},
    )


def _instructor_cards(user: User) -> list[Card]:
    """An instructor's figures are their courses' only: no people of the academy, no
    revenue."""
    return [_courses_card(courses_editable_by(user), title=_("Your published courses"))]


def dashboard_cards(user: User) -> list[Card]:
    if not is_admin(user):
        return _instructor_cards(user)
    return cache.get_or_set("admin_dashboard_cards", _build_cards, CACHE_SECONDS)
