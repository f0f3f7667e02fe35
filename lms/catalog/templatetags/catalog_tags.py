"""Template helpers for showing courses: price with its currency, durations."""

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lms.catalog.models import Course, EnrollmentMode
from lms.core.money import format_money

register = template.Library()


@register.filter
def money(amount: Decimal, currency: str = "INR") -> str:
    """₹4,999, ₹1,00,000 or ₹4,999.50: every price on the student pages goes through here."""
    return format_money(amount, currency)


@register.filter
def course_price(course: Course) -> str:
    """ "Free" when the course's enrollment mode is free, else its price and currency."""
    if course.enrollment_mode == EnrollmentMode.FREE:
        return _("Free")
    return money(course.price, course.currency)


@register.filter
def duration(minutes: int | None) -> str:
    """90 → "1 h 30 min"; 0 or nothing → ""."""
    minutes = int(minutes or 0)
    if not minutes:
        return ""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return ngettext("%d min", "%d min", rest) % rest
    if not rest:
        return ngettext("%d h", "%d h", hours) % hours
    return _("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": rest}


@register.filter
def sanitized(value: str) -> str:
    """Rich text cleaned again on the way out, whatever path stored it."""
    from django.utils.safestring import mark_safe

    from lms.core.html import sanitize_html

    return mark_safe(sanitize_html(value or ""))  # noqa: S308 (nh3 output)
