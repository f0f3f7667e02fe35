"""Pricing a course with a coupon code and redeeming the coupon when an order is placed:
the code's checks (active, dates, scope, limits), the discount, and a per-person limit on
wrong codes."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.catalog.models import Course
from lms.commerce.models import (
    Coupon,
    CouponRedemption,
    CouponScope,
    DiscountType,
    Order,
    OrderStatus,
    normalize_code,
)
from lms.core.errors import ApplicationError

CENT = Decimal("0.01")


@dataclass(frozen=True)
class PriceQuote:
    """What a course costs a person, with or without a coupon."""

    course: Course
    coupon: Coupon | None
    list_price: Decimal
    discount: Decimal
    total: Decimal
    currency: str

    @property
    def is_free(self) -> bool:
        return self.total == 0


def _attempts_key(user: User) -> str:
    return f"commerce:coupon-failures:{user.pk}:{int(time.time() // 60)}"


def _coupon_attempts_check(user: User) -> None:
    """Refuse a code attempt when this person already failed too often this minute, so
    codes cannot be guessed by trying many."""
    if (cache.get(_attempts_key(user)) or 0) >= settings.LMS_COUPON_ATTEMPTS_PER_MINUTE:
        raise ApplicationError(
            _("Too many coupon attempts. Please wait a minute and try again."),
            code="too_many_attempts",
            status=429,
        )


def _coupon_attempt_failed(user: User) -> None:
    key = _attempts_key(user)
    cache.add(key, 0, timeout=60)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=60)


def _coupon_error(message: str, code: str) -> ApplicationError:
    return ApplicationError(message, code=code, fields={"code": [message]})


def _when(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _coupon_find(code: str) -> Coupon:
    normalized = normalize_code(code)
    coupon = (
        Coupon.objects.alias(code_upper=Upper("code")).filter(code_upper=normalized).first()
        if normalized
        else None
    )
    if coupon is None:
        raise _coupon_error(_("This coupon code is not valid."), "coupon_unknown")
    return coupon


def _coupon_check(
    *, coupon: Coupon, user: User, course: Course, ignore_own_pending: bool = False
) -> None:
    """Every rule a coupon must pass for this person and course. Limits are counted from
    redemption rows; callers that redeem hold the coupon's row lock while calling this.
    `ignore_own_pending` leaves out the reservation of this person's unpaid order for this
    course, which checking out again releases (in the same transaction, before redeeming)."""
    moment = timezone.now()
    if not coupon.active:
        raise _coupon_error(_("This coupon is no longer active."), "coupon_inactive")
    if coupon.valid_from and moment < coupon.valid_from:
        raise _coupon_error(
            _("This coupon can be used from %(date)s.") % {"date": _when(coupon.valid_from)},
            "coupon_not_yet_valid",
        )
    if coupon.expires_at and moment >= coupon.expires_at:
        raise _coupon_error(
            _("This coupon expired on %(date)s.") % {"date": _when(coupon.expires_at)},
            "coupon_expired",
        )
    if coupon.scope == CouponScope.COURSES and not coupon.courses.filter(pk=course.pk).exists():
        raise _coupon_error(_("This coupon does not apply to this course."), "coupon_wrong_course")
    redemptions = coupon.redemptions.all()
    if ignore_own_pending:
        redemptions = redemptions.exclude(
            order__user=user, order__course=course, order__status=OrderStatus.CREATED
        )
    if coupon.max_redemptions is not None and redemptions.count() >= coupon.max_redemptions:
        raise _coupon_error(_("This coupon has already been fully used."), "coupon_exhausted")
    if redemptions.filter(user=user).count() >= coupon.per_user_limit:
        raise _coupon_error(_("You have already used this coupon."), "coupon_user_limit")


def _discount_for(coupon: Coupon | None, price: Decimal) -> Decimal:
    if coupon is None:
        return Decimal("0")
    if coupon.discount_type == DiscountType.PERCENT:
        discount = (price * coupon.value / Decimal("100")).quantize(CENT, rounding=ROUND_HALF_UP)
    else:
        discount = coupon.value
    return min(max(discount, Decimal("0")), price)


def _quote(course: Course, coupon: Coupon | None) -> PriceQuote:
    discount = _discount_for(coupon, course.price)
    return PriceQuote(
        course=course,
        coupon=coupon,
        list_price=course.price,
        discount=discount,
        total=course.price - discount,
        currency=course.currency,
    )


def coupon_quote(*, user: User, course: Course, code: str) -> PriceQuote:
    """Check `code` for `user` and `course` and price the course with it. Each refusal has
    its own message (unknown, inactive, not yet valid, expired, wrong course, fully used,
    already used by this person), none of which says anything about other codes; failed
    attempts are counted per person and minute, past the limit the answer is a 429."""
    _coupon_attempts_check(user)
    try:
        coupon = _coupon_find(code)
        _coupon_check(coupon=coupon, user=user, course=course, ignore_own_pending=True)
    except ApplicationError:
        _coupon_attempt_failed(user)
        raise
    return _quote(course, coupon)


def _coupon_redeem(*, coupon: Coupon, user: User, course: Course, order: Order) -> CouponRedemption:
    """Lock the coupon row, count, insert: on PostgreSQL the lock serializes redeemers of
    one coupon, so max and per-user limits hold however many requests arrive at once."""
    locked = Coupon.objects.select_for_update().get(pk=coupon.pk)
    _coupon_check(coupon=locked, user=user, course=course)
    return CouponRedemption.objects.create(coupon=locked, user=user, order=order, course=course)
