"""Coupons: pricing with a code, redeeming, generating and deactivating them."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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
from lms.core.errors import ApplicationError, invalid_fields_error

# Generated codes avoid characters that are easy to misread: 0/O, 1/I/L.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
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


# --- Coupons -----------------------------------------------------------------------------


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


def _generate_code(length: int, prefix: str) -> str:
    return prefix + "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def _code_chars_valid(code: str) -> bool:
    return all(char.isalnum() or char == "-" for char in code)


def _coupon_settings_check(
    coupon: Coupon, *, exclude: list[str], courses: list[Course] | None
) -> None:
    """What every new coupon must satisfy, one or a batch: the model's validation (percent
    at most 100, limits at least 1...) and a course scope that names courses."""
    try:
        # A batch's codes are drawn later: its template cannot check the code's constraint.
        coupon.full_clean(exclude=exclude, validate_constraints=not exclude)
    except ValidationError as error:
        raise invalid_fields_error(error, _("Check the coupon settings.")) from error
    if coupon.scope == CouponScope.COURSES and not courses:
        raise ApplicationError(
            _("Pick the courses these coupons apply to."),
            code="invalid",
            fields={"courses": [_("Required.")]},
        )


@transaction.atomic
def coupon_create(
    *,
    code: str,
    created_by: User | None,
    discount_type: str = DiscountType.PERCENT,
    value: Decimal = Decimal("100"),
    scope: str = CouponScope.ALL_COURSES,
    courses: list[Course] | None = None,
    active: bool = True,
    valid_from: datetime | None = None,
    expires_at: datetime | None = None,
    max_redemptions: int | None = None,
    per_user_limit: int = 1,
    batch: str = "",
) -> Coupon:
    """Create one coupon with a chosen code. The code is normalized (trimmed, upper case)
    and may hold only letters, digits and dashes; it must be free whatever its case. The
    other settings follow the batch's rules (`coupon_batch_generate`), including "a course
    scope needs courses"."""
    coupon = _coupon_build(
        code=_code_check(code),
        created_by=created_by,
        discount_type=discount_type,
        value=value,
        scope=scope,
        active=active,
        valid_from=valid_from,
        expires_at=expires_at,
        max_redemptions=max_redemptions,
        per_user_limit=per_user_limit,
        batch=batch,
    )
    return _coupon_store(coupon, courses=courses)


# What a coupon's settings are; its code, courses and bookkeeping have their own rules.
COUPON_SETTINGS = {
    "discount_type",
    "value",
    "scope",
    "active",
    "valid_from",
    "expires_at",
    "max_redemptions",
    "per_user_limit",
    "batch",
}


@transaction.atomic
def coupon_update(
    *, coupon: Coupon, code: str | None = None, courses: list[Course] | None = None, **changes
) -> Coupon:
    """Change a coupon with the rules of `coupon_create` (code normalized and free, a course
    scope names courses). Redemptions already made stay valid."""
    unknown = set(changes) - COUPON_SETTINGS
    if unknown:
        raise ApplicationError(
            _("These fields cannot be changed here: %s") % ", ".join(sorted(unknown))
        )
    if code is not None:
        coupon.code = _code_check(code)
    for name, value in changes.items():
        setattr(coupon, name, value.strip() if name == "batch" else value)
    return _coupon_store(coupon, courses=courses)


def _coupon_build(*, code: str, batch: str, **settings_of_coupon) -> Coupon:
    """An unsaved coupon: the one place a coupon's fields are set, one or a batch."""
    return Coupon(code=code, batch=batch.strip(), **settings_of_coupon)


def _code_check(code: str) -> str:
    code = normalize_code(code)
    if not code or not _code_chars_valid(code):
        message = _("A code may contain only letters, digits and dashes.")
        raise ApplicationError(message, code="invalid_code", fields={"code": [message]})
    return code


def _coupon_store(coupon: Coupon, *, courses: list[Course] | None) -> Coupon:
    """Check a new or changed coupon (its code free whatever its case, then the settings
    every coupon must satisfy) and store it with its courses."""
    taken = _("This code is already in use.")
    if Coupon.objects.filter(code__iexact=coupon.code).exclude(pk=coupon.pk).exists():
        raise ApplicationError(taken, code="code_taken", fields={"code": [taken]})
    _coupon_settings_check(coupon, exclude=[], courses=courses)
    try:
        with transaction.atomic():
            coupon.save()
    except IntegrityError as error:  # the same code stored by a simultaneous request
        raise ApplicationError(taken, code="code_taken", fields={"code": [taken]}) from error
    coupon.courses.set(courses if coupon.scope == CouponScope.COURSES else [])
    return coupon


@transaction.atomic
def coupon_batch_generate(
    *,
    count: int,
    batch: str,
    created_by: User | None,
    discount_type: str = DiscountType.PERCENT,
    value: Decimal = Decimal("100"),
    scope: str = CouponScope.ALL_COURSES,
    courses: list[Course] | None = None,
    active: bool = True,
    valid_from: datetime | None = None,
    expires_at: datetime | None = None,
    max_redemptions: int | None = 1,
    per_user_limit: int = 1,
    prefix: str = "",
) -> list[Coupon]:
    """Create `count` coupons with random, unambiguous codes (no 0/O/1/I/L) that share
    every other setting, all or none (one transaction). Codes never collide with existing
    ones: candidates already taken are drawn again."""
    if not 1 <= count <= settings.LMS_COUPON_BATCH_MAX:
        raise ApplicationError(
            _("Generate between 1 and %(max)d codes at a time.")
            % {"max": settings.LMS_COUPON_BATCH_MAX},
            code="invalid_count",
            fields={"count": [_("Out of range.")]},
        )
    prefix = normalize_code(prefix)
    if prefix and not _code_chars_valid(prefix):
        raise ApplicationError(
            _("A prefix may contain only letters, digits and dashes."),
            code="invalid_prefix",
            fields={"prefix": [_("Only letters, digits and dashes.")]},
        )
    settings_of_each = {
        "created_by": created_by,
        "discount_type": discount_type,
        "value": value,
        "scope": scope,
        "active": active,
        "valid_from": valid_from,
        "expires_at": expires_at,
        "max_redemptions": max_redemptions,
        "per_user_limit": per_user_limit,
        "batch": batch,
    }
    template = _coupon_build(
        code=prefix + "X" * settings.LMS_COUPON_CODE_LENGTH, **settings_of_each
    )
    _coupon_settings_check(template, exclude=["code"], courses=courses)

    codes: set[str] = set()
    for _attempt in range(20):
        while len(codes) < count:
            codes.add(_generate_code(settings.LMS_COUPON_CODE_LENGTH, prefix))
        taken = set(Coupon.objects.filter(code__in=codes).values_list("code", flat=True))
        if not taken:
            break
        codes -= taken
    else:  # pragma: no cover - needs an exhausted code space
        raise ApplicationError(
            _("Could not find enough free codes; use a longer length."), code="codes_exhausted"
        )

    created = Coupon.objects.bulk_create(
        [_coupon_build(code=code, **settings_of_each) for code in sorted(codes)]
    )
    if scope == CouponScope.COURSES:
        through = Coupon.courses.through
        through.objects.bulk_create(
            [
                through(coupon_id=coupon.pk, course_id=course.pk)
                for coupon in created
                for course in courses
            ]
        )
    return sorted(created, key=lambda coupon: coupon.code)


@transaction.atomic
def coupons_deactivate(*, coupon_ids: list[int]) -> int:
    """Switch coupons off; redemptions already made stay valid. Returns how many changed."""
    return Coupon.objects.filter(pk__in=coupon_ids, active=True).update(active=False)


def _redeemed_refusal(codes: list[str]) -> ApplicationError:
    return ApplicationError(
        ngettext(
            "Coupon %(codes)s has been redeemed, so it cannot be deleted: orders refer to "
            "it. Deactivate it instead.",
            "Coupons %(codes)s have been redeemed, so they cannot be deleted: orders refer "
            "to them. Deactivate them instead.",
            len(codes),
        )
        % {"codes": ", ".join(codes)},
        code="coupon_redeemed",
    )


@transaction.atomic
def coupon_delete(*, coupon: Coupon) -> None:
    """Delete a coupon nobody has redeemed (a typo, a batch generated by mistake). A
    redeemed coupon stays, since orders refer to it: deactivate it instead."""
    coupons_delete(coupon_ids=[coupon.pk])


@transaction.atomic
def coupons_delete(*, coupon_ids: list[int]) -> int:
    """`coupon_delete` for many, all or none: one redeemed coupon refuses the whole
    selection, naming the redeemed codes. Returns how many were deleted."""
    # Locked, so a redemption cannot land between the check and the delete.
    locked = list(
        Coupon.objects.select_for_update().filter(pk__in=coupon_ids).values_list("pk", flat=True)
    )
    redeemed = sorted(
        set(
            CouponRedemption.objects.filter(coupon_id__in=locked).values_list(
                "coupon__code", flat=True
            )
        )
    )
    if redeemed:
        raise _redeemed_refusal(redeemed)
    Coupon.objects.filter(pk__in=locked).delete()
    return len(locked)
