"""Resume sections that other contexts contribute: certificates with their public
verification links, and badges. Each section is a function `(user) -> list[dict]` of items
shown under its title as `title`, `detail` and an optional `url`; a section with no items
is left out of the resume."""

from collections.abc import Callable

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.certificates.selectors import my_certificates
from lms.certificates.services import verify_url
from lms.gamification.selectors import badges_for_user


def certificate_items(user: User) -> list[dict]:
    """Valid certificates only: a revoked one is not a qualification."""
    return [
        {
            "title": certificate.course_title,
            "detail": _("Certificate %(serial)s, %(date)s")
            % {"serial": certificate.serial, "date": date_format(certificate.completed_on)},
            "url": verify_url(certificate.serial),
        }
        for certificate in my_certificates(user=user).filter(revoked_at__isnull=True)
    ]


def badge_items(user: User) -> list[dict]:
    return [
        {"title": award.badge.name, "detail": award.badge.description, "url": ""}
        for award in badges_for_user(user=user).order_by("badge__name")
    ]


SECTIONS: list[tuple[Callable[[], str], Callable[[User], list[dict]]]] = [
    (lambda: _("Certificates"), certificate_items),
    (lambda: _("Badges"), badge_items),
]


def extra_sections(*, user: User) -> list[dict]:
    sections = []
    for title, items_of in SECTIONS:
        items = items_of(user)
        if items:
            sections.append({"title": title(), "items": items})
    return sections
