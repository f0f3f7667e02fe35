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


# Backgrounds for the initials placeholder: each gives white text at least 4.5:1.
PLACEHOLDER_COLOURS = ("#1d4ed8", "#047857", "#7c3aed", "#b91c1c", "#0f766e", "#9a3412", "#334155")


# Small words left out of initials ("Python for data science" → "PD", not "PF").
LINKING_WORDS = {
    "a",
    "an",
    "and",
    "for",
    "in",
    "of",
    "on",
    "the",
    "to",
    "with",
    "और",
    "का",
    "की",
    "के",
}


def course_initials(title: str) -> str:
    """ "Python for data science" → "PD"; one word → its first two letters."""
    words = [word for word in str(title).split() if word[:1].isalnum()]
    words = [word for word in words if word.lower() not in LINKING_WORDS] or words
    if not words:
        return "?"
    if len(words) == 1:
        return words[0][:2].upper()
    return (words[0][0] + words[1][0]).upper()


@register.simple_tag
def course_image(
    course: "Course | dict", sizes: str = "(min-width: 48rem) 22rem, 100vw", eager: bool = False
):
    """The course's thumbnail as a responsive, lazily loaded <img> (WebP copies in `srcset`),
    or a placeholder drawn from the course's initials when it has none. Decorative: the
    course title is always next to it."""
    from django.utils.html import format_html

    from lms.catalog.thumbnails import thumbnail_sources

    loading = "eager" if eager else "lazy"
    name, widths, title = _thumbnail_of(course)
    sources = thumbnail_sources(name, widths)
    if sources:
        return format_html(
            '<img class="course-thumb" src="{}"{} sizes="{}" alt="" loading="{}" decoding="async"'
            ' width="640" height="360">',
            sources["src"],
            format_html(' srcset="{}"', sources["srcset"]) if sources["srcset"] else "",
            sizes,
            loading,
        )
    initials = course_initials(title)
    colour = PLACEHOLDER_COLOURS[sum(map(ord, str(title))) % len(PLACEHOLDER_COLOURS)]
    return format_html(
        '<svg class="course-thumb course-thumb--placeholder" viewBox="0 0 320 180" width="640"'
        ' height="360" aria-hidden="true" focusable="false" data-initials="{}">'
        '<rect width="320" height="180" fill="{}"/>'
        '<text x="160" y="90" dy="0.35em" text-anchor="middle" fill="#ffffff" font-size="72"'
        ' font-weight="700" font-family="system-ui, sans-serif">{}</text></svg>',
        initials,
        colour,
        initials,
    )


@register.simple_tag
def course_og_image(course: Course) -> str:
    """The widest copy of the thumbnail (relative URL), for og:image; "" without one."""
    from lms.catalog.thumbnails import thumbnail_sources

    return thumbnail_sources(*_thumbnail_of(course)[:2]).get("largest", "")


def _thumbnail_of(course: "Course | dict") -> tuple[str, list[int], str]:
    """(stored name, widths made, title) of a course model or of a selector's course dict."""
    if isinstance(course, dict):
        return course.get("thumbnail") or "", course.get("thumbnail_sizes") or [], course["title"]
    return course.thumbnail.name or "", course.thumbnail_sizes or [], course.title
