"""Coupons as the console and the API manage them: create one, change its settings,
generate a batch, deactivate and delete (a redeemed coupon is deactivated, not deleted).
Pricing and redeeming are in lms.commerce.services.coupon_redemption."""

from __future__ import annotations

import secrets
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lms.accounts.models import User
from lms.audit.services import audit_record, changed_fields
from lms.catalog.models import Course
from lms.commerce.models import (
    Coupon,
    CouponRedemption,
    CouponScope,
    DiscountType,
    normalize_code,
)
from lms.core.errors import ApplicationError, invalid_fields_error

# Generated codes avoid characters that are easy to misread: 0/O, 1/I/L.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


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
    request: HttpRequest | None = None,
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
    coupon = _coupon_store(coupon, courses=courses)
    audit_record(
        request=request,
        actor=created_by,
        action="coupon.create",
        target=coupon,
        changes={"code": coupon.code, **_coupon_state(coupon)},
    )
    return coupon


def _coupon_state(coupon: Coupon) -> dict:
    """A coupon's settings and courses as the audit log records them."""
    return {
        **{name: getattr(coupon, name) for name in sorted(COUPON_SETTINGS)},
        "courses": sorted(coupon.courses.values_list("pk", flat=True)) if coupon.pk else [],
    }


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
    *,
    coupon: Coupon,
    code: str | None = None,
    courses: list[Course] | None = None,
    acting_user: User | None = None,
    request: HttpRequest | None = None,
    **changes,
) -> Coupon:
    """Change a coupon with the rules of `coupon_create` (code normalized and free, a course
    scope names courses). Redemptions already made stay valid. The audit log gets what
    changed, compared with the stored row (a form may already have changed `coupon`)."""
    unknown = set(changes) - COUPON_SETTINGS
    if unknown:
        raise ApplicationError(
            _("These fields cannot be changed here: %s") % ", ".join(sorted(unknown))
        )
    stored = Coupon.objects.select_for_update().get(pk=coupon.pk)
    before = {"code": stored.code, **_coupon_state(stored)}
    if code is not None:
        coupon.code = _code_check(code)
    for name, value in changes.items():
        setattr(coupon, name, value.strip() if name == "batch" else value)
    coupon = _coupon_store(coupon, courses=courses)
    difference = changed_fields(before, {"code": coupon.code, **_coupon_state(coupon)})
    if difference:
        audit_record(
            actor=acting_user,
            action="coupon.update",
            target=coupon,
            changes=difference,
            request=request,
        )
    return coupon


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
    request: HttpRequest | None = None,
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
    audit_record(
        request=request,
        actor=created_by,
        action="coupon.batch_generate",
        target=None,
        changes={
            "batch": template.batch,
            "count": len(created),
            "codes": sorted(codes),
            **{name: getattr(template, name) for name in sorted(COUPON_SETTINGS)},
            "courses": sorted(course.pk for course in courses or []),
        },
    )
    return sorted(created, key=lambda coupon: coupon.code)


@transaction.atomic
def coupons_deactivate(
    *, coupon_ids: list[int], acting_user: User | None = None, request: HttpRequest | None = None
) -> int:
    """Switch coupons off; redemptions already made stay valid. Returns how many changed;
    each one changed gets its audit entry."""
    coupons = list(Coupon.objects.select_for_update().filter(pk__in=coupon_ids, active=True))
    for coupon in coupons:
        audit_record(
            request=request,
            actor=acting_user,
            action="coupon.update",
            target=coupon,
            changes={"active": [True, False]},
        )
    return Coupon.objects.filter(pk__in=[coupon.pk for coupon in coupons]).update(active=False)


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
def coupon_delete(
    *, coupon: Coupon, acting_user: User | None = None, request: HttpRequest | None = None
) -> None:
    """Delete a coupon nobody has redeemed (a typo, a batch generated by mistake). A
    redeemed coupon stays, since orders refer to it: deactivate it instead."""
    coupons_delete(coupon_ids=[coupon.pk], acting_user=acting_user, request=request)


@transaction.atomic
def coupons_delete(
    *,
    coupon_ids: list[int],
    acting_user: User | None = None,
    request: HttpRequest | None = None,
) -> int:
    """`coupon_delete` for many, all or none: one redeemed coupon refuses the whole
    selection, naming the redeemed codes. Returns how many were deleted; each deleted
    coupon gets its audit entry (its code and settings as they were)."""
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
    for coupon in Coupon.objects.filter(pk__in=locked).prefetch_related("courses"):
        audit_record(
            actor=acting_user,
            action="coupon.delete",
            target=coupon,
            changes={"code": coupon.code, **_coupon_state(coupon)},
            request=request,
        )
    Coupon.objects.filter(pk__in=locked).delete()
    return len(locked)
