"""Writes for selling courses: coupons, checkout, payment confirmation, webhooks, refunds.

Exactness is the database's job: a coupon is redeemed while its row is locked
(`select_for_update`), so counting its redemption rows and inserting a new one cannot
interleave with another redeemer; an order is settled while its row is locked, so the
browser's confirmation and the gateway's webhook, whichever comes first, enroll once and
the other finds the order already paid. Webhook events are unique per gateway and event id.
"""

from __future__ import annotations

import logging
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.accounts.selectors import user_has_verified_email
from lms.catalog.models import Course, CourseStatus, EnrollmentMode
from lms.commerce.events import OrderPaid, OrderRefunded
from lms.commerce.gateways import (
    GatewayCheckout,
    GatewayError,
    PaymentResult,
    SignatureError,
    available_gateways,
    get_gateway,
    to_minor_units,
)
from lms.commerce.models import (
    Coupon,
    CouponRedemption,
    CouponScope,
    DiscountType,
    Gateway,
    Order,
    OrderStatus,
    WebhookEvent,
    normalize_code,
)
from lms.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from lms.core.events import publish
from lms.learning.models import Enrollment, EnrollmentSource, EnrollmentStatus
from lms.learning.selectors import enrollment_get
from lms.learning.services import enrollment_create, enrollment_revoke

logger = logging.getLogger(__name__)

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


@dataclass(frozen=True)
class CheckoutResult:
    """Either an enrollment (nothing to pay) or an order waiting for the gateway."""

    enrollment: Enrollment | None = None
    order: Order | None = None
    checkout: GatewayCheckout | None = None

    @property
    def enrolled(self) -> bool:
        return self.enrollment is not None


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
    if prefix and not all(char.isalnum() or char == "-" for char in prefix):
        raise ApplicationError(
            _("A prefix may contain only letters, digits and dashes."),
            code="invalid_prefix",
            fields={"prefix": [_("Only letters, digits and dashes.")]},
        )
    template = Coupon(
        code=prefix + "X" * settings.LMS_COUPON_CODE_LENGTH,
        discount_type=discount_type,
        value=value,
        scope=scope,
        active=active,
        valid_from=valid_from,
        expires_at=expires_at,
        max_redemptions=max_redemptions,
        per_user_limit=per_user_limit,
        batch=batch.strip(),
        created_by=created_by,
    )
    try:
        template.full_clean(exclude=["code"], validate_constraints=False)
    except ValidationError as error:
        raise ApplicationError(
            _("Check the coupon settings."), code="invalid", fields=error.message_dict
        ) from error
    if scope == CouponScope.COURSES and not courses:
        raise ApplicationError(
            _("Pick the courses these coupons apply to."),
            code="invalid",
            fields={"courses": [_("Required.")]},
        )

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

    coupons = [
        Coupon(
            **{
                field.name: getattr(template, field.name)
                for field in Coupon._meta.concrete_fields
                if field.name != "id"
            }
        )
        for _code in codes
    ]
    for coupon, code in zip(coupons, sorted(codes), strict=True):
        coupon.code = code
    created = Coupon.objects.bulk_create(coupons)
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


# --- Enrolling and checkout ------------------------------------------------------------------


def _enrollment_preconditions(*, user: User, course: Course) -> None:
    if not user_has_verified_email(user=user):
        raise PermissionDeniedError(
            _("Please verify your email address before enrolling."), code="email_unverified"
        )
    if course.status != CourseStatus.PUBLISHED:
        raise ApplicationError(
            _("This course is not open for enrollment."), code="course_unavailable", status=404
        )
    enrolled = Enrollment.objects.filter(
        user=user, course=course, status__in=[EnrollmentStatus.ACTIVE, EnrollmentStatus.COMPLETED]
    ).exists()
    if enrolled:
        raise ConflictError(_("You are already enrolled in this course."), code="already_enrolled")


def enrollment_checkout(
    *,
    user: User,
    course: Course,
    code: str = "",
    gateway: str = "",
    return_url: str = "",
    cancel_url: str = "",
) -> CheckoutResult:
    """Enroll `user` in `course` the way its enrollment mode says.

    Free courses enroll at once. A coupon that brings the price to 0 enrolls at once too,
    recording an order of amount 0 with the coupon and its redemption (one transaction).
    `coupon_only` courses refuse without a valid coupon. Anything left to pay creates an
    order (reserving the coupon) and the gateway's checkout; enrollment follows the
    payment's confirmation. Only a person with a verified email may enroll."""
    _enrollment_preconditions(user=user, course=course)
    code = normalize_code(code)
    if course.enrollment_mode == EnrollmentMode.FREE:
        return CheckoutResult(
            enrollment=enrollment_create(user=user, course=course, source=EnrollmentSource.FREE)
        )
    if not code and course.enrollment_mode == EnrollmentMode.COUPON_ONLY:
        raise ApplicationError(
            _("This course is open by coupon only. Enter your coupon code to enroll."),
            code="coupon_required",
            fields={"code": [_("A coupon code is required.")]},
        )
    quote = coupon_quote(user=user, course=course, code=code) if code else _quote(course, None)
    if quote.is_free:
        order, enrollment = _order_free_complete(user=user, quote=quote)
        return CheckoutResult(enrollment=enrollment, order=order)
    return _order_start_payment(
        user=user, quote=quote, gateway_name=gateway, return_url=return_url, cancel_url=cancel_url
    )


def _orders_release_pending(*, user: User, course: Course) -> None:
    """This person's unpaid orders for this course fail and give their coupon back (a new
    checkout replaces them; a payment that still arrives is settled or flagged)."""
    for stale in Order.objects.select_for_update().filter(
        user=user, course=course, status=OrderStatus.CREATED
    ):
        _order_release(stale)


@transaction.atomic
def _order_free_complete(*, user: User, quote: PriceQuote) -> tuple[Order, Enrollment]:
    _orders_release_pending(user=user, course=quote.course)
    now = timezone.now()
    order = Order.objects.create(
        user=user,
        course=quote.course,
        list_price=quote.list_price,
        discount=quote.discount,
        amount=Decimal("0"),
        currency=quote.currency,
        coupon=quote.coupon,
        status=OrderStatus.PAID,
        gateway=Gateway.NONE,
        paid_at=now,
    )
    source = EnrollmentSource.FREE
    if quote.coupon is not None:
        _coupon_redeem(coupon=quote.coupon, user=user, course=quote.course, order=order)
        source = EnrollmentSource.COUPON
    enrollment = enrollment_create(user=user, course=quote.course, source=source)
    _order_paid_publish(order)
    return order, enrollment


def _order_paid_publish(order: Order) -> None:
    publish(
        OrderPaid(
            order_id=order.pk,
            user_id=order.user_id,
            course_id=order.course_id,
            amount=order.amount,
            currency=order.currency,
        )
    )


def _gateway_choose(name: str) -> str:
    configured = available_gateways()
    if not configured:
        raise ApplicationError(
            _("Online payment is not available yet. Please contact the academy."),
            code="payments_unavailable",
            status=503,
        )
    if not name:
        return configured[0]
    if name not in configured:
        raise ApplicationError(
            _("This payment method is not available."),
            code="gateway_unavailable",
            fields={"gateway": [_("Not available.")]},
        )
    return name


@transaction.atomic
def _order_create_pending(*, user: User, quote: PriceQuote, gateway_name: str) -> Order:
    # An older unpaid order for the same course gives its reserved coupon back.
    _orders_release_pending(user=user, course=quote.course)
    order = Order.objects.create(
        user=user,
        course=quote.course,
        list_price=quote.list_price,
        discount=quote.discount,
        amount=quote.total,
        currency=quote.currency,
        coupon=quote.coupon,
        status=OrderStatus.CREATED,
        gateway=gateway_name,
    )
    if quote.coupon is not None:
        _coupon_redeem(coupon=quote.coupon, user=user, course=quote.course, order=order)
    return order


def _order_release(order: Order) -> None:
    """An order that will not be paid: failed, and its coupon reservation given back."""
    CouponRedemption.objects.filter(order=order).delete()
    order.status = OrderStatus.FAILED
    order.save(update_fields=["status"])


def _order_start_payment(
    *, user: User, quote: PriceQuote, gateway_name: str, return_url: str, cancel_url: str
) -> CheckoutResult:
    gateway_name = _gateway_choose(gateway_name)
    order = _order_create_pending(user=user, quote=quote, gateway_name=gateway_name)
    # The gateway is called outside any transaction: no row stays locked during the call.
    try:
        checkout = get_gateway(gateway_name).create_checkout(
            order=order, return_url=return_url, cancel_url=cancel_url
        )
    except GatewayError as error:
        with transaction.atomic():
            _order_release(Order.objects.select_for_update().get(pk=order.pk))
        raise ApplicationError(
            _("The payment service did not answer. Please try again in a moment."),
            code="gateway_error",
            status=502,
        ) from error
    order.gateway_order_id = checkout.gateway_order_id
    order.checkout_url = checkout.redirect_url
    order.save(update_fields=["gateway_order_id", "checkout_url"])
    return CheckoutResult(order=order, checkout=checkout)


# --- Confirming payments --------------------------------------------------------------------


@transaction.atomic
def _order_settle(*, order_pk: int, payment: PaymentResult) -> Order:
    """Mark the order paid and enroll, exactly once: the order row is locked, and an order
    already settled (paid, refunded, flagged) is left alone. A payment whose amount or
    currency differs from the order flags the order and enrolls nobody."""
    order = Order.objects.select_for_update().select_related("course", "user").get(pk=order_pk)
    if order.status in (OrderStatus.PAID, OrderStatus.REFUNDED, OrderStatus.FLAGGED):
        return order
    order.gateway_payment_id = payment.payment_id
    expected = to_minor_units(order.amount, order.currency)
    if payment.amount_minor != expected or payment.currency.upper() != order.currency.upper():
        logger.warning(
            "Order %s flagged: paid %s %s, expected %s %s",
            order.pk,
            payment.amount_minor,
            payment.currency,
            expected,
            order.currency,
        )
        return _order_flag(
            order,
            f"Paid {payment.amount_minor} {payment.currency}, expected {expected} {order.currency}.",
        )
    if (
        order.status == OrderStatus.FAILED
        and order.coupon_id
        and not CouponRedemption.objects.filter(order=order).exists()
    ):
        # Paid after the order had given its coupon back: take the coupon again if it is free.
        try:
            with transaction.atomic():
                _coupon_redeem(
                    coupon=order.coupon, user=order.user, course=order.course, order=order
                )
        except ApplicationError as error:
            return _order_flag(order, f"Coupon no longer available: {error.message}")
    try:
        enrollment_create(user=order.user, course=order.course, source=EnrollmentSource.PAYMENT)
    except ConflictError:
        return _order_flag(order, "Paid, but the student was already enrolled: refund it.")
    order.status = OrderStatus.PAID
    order.paid_at = timezone.now()
    order.save(update_fields=["status", "paid_at", "gateway_payment_id"])
    _order_paid_publish(order)
    return order


def _order_flag(order: Order, reason: str) -> Order:
    order.status = OrderStatus.FLAGGED
    order.flag_reason = reason[:300]
    order.save(update_fields=["status", "flag_reason", "gateway_payment_id"])
    return order


def payment_confirm(
    *, user: User, gateway: str, gateway_order_id: str, payment_id: str = "", signature: str = ""
) -> Order:
    """The browser says a payment went through: check it with the gateway (the payment
    signature for Razorpay, the session for Stripe), then settle the order. Settling is a
    no-op if the webhook did it first."""
    order = Order.objects.filter(
        user=user, gateway=gateway, gateway_order_id=gateway_order_id
    ).first()
    if order is None or not gateway_order_id:
        raise ApplicationError(_("Order not found."), code="order_not_found", status=404)
    try:
        payment = get_gateway(gateway).verify_payment(
            gateway_order_id=gateway_order_id, payment_id=payment_id, signature=signature
        )
    except SignatureError as error:
        logger.warning("Payment signature refused for order %s: %s", order.pk, error)
        raise ApplicationError(
            _("The payment could not be verified."), code="payment_signature_invalid", status=400
        ) from error
    except GatewayError as error:
        raise ApplicationError(
            _("The payment service did not answer. Please try again in a moment."),
            code="gateway_error",
            status=502,
        ) from error
    if not payment.succeeded:
        return order
    return _order_settle(order_pk=order.pk, payment=payment)


def webhook_receive(*, gateway: str, body: bytes, headers: dict[str, str]) -> WebhookEvent | None:
    """Verify and record a gateway's webhook, then act on it, in one transaction. A bad
    signature raises a 400 and records nothing (only a log line); a replayed event (same
    gateway and event id) returns None and changes nothing."""
    try:
        gateway_impl = get_gateway(gateway)
    except GatewayError as error:
        raise ApplicationError(
            _("Unknown payment gateway."), code="gateway_unavailable", status=404
        ) from error
    try:
        message = gateway_impl.parse_webhook(body=body, headers=headers)
    except SignatureError as error:
        logger.warning("Refused a %s webhook: %s", gateway, error)
        raise ApplicationError(
            _("Invalid signature."), code="signature_invalid", status=400
        ) from error

    with transaction.atomic():
        try:
            with transaction.atomic():
                event = WebhookEvent.objects.create(
                    gateway=gateway,
                    event_id=message.event_id,
                    type=message.type,
                    payload=message.payload,
                )
        except IntegrityError:
            logger.info("Ignored a replayed %s webhook %s", gateway, message.event_id)
            return None
        if message.payment is not None and message.payment.succeeded:
            # A payment made outside an order (payment link, QR code) has no order id: it
            # must not match an order whose gateway order id is still empty.
            order = (
                Order.objects.filter(
                    gateway=gateway, gateway_order_id=message.payment.gateway_order_id
                ).first()
                if message.payment.gateway_order_id
                else None
            )
            if order is None:
                logger.warning("%s webhook %s names an unknown order", gateway, message.event_id)
            else:
                _order_settle(order_pk=order.pk, payment=message.payment)
        elif message.failed_gateway_order_id:
            order = (
                Order.objects.select_for_update()
                .filter(
                    gateway=gateway,
                    gateway_order_id=message.failed_gateway_order_id,
                    status=OrderStatus.CREATED,
                )
                .first()
            )
            if order is not None:
                _order_release(order)
        event.processed_at = timezone.now()
        event.save(update_fields=["processed_at"])
    return event


@transaction.atomic
def order_refund(*, order: Order, acting_user: User | None = None) -> Order:
    """Refund an order in full through its gateway and mark it refunded. A paid order's
    enrollment is revoked; a flagged order (money received, no enrollment given: amount
    mismatch, coupon gone, already enrolled) is refunded without touching any enrollment.
    The order row stays locked during the gateway call, so two clicks refund once."""
    order = Order.objects.select_for_update().select_related("course", "user").get(pk=order.pk)
    flagged_with_payment = order.status == OrderStatus.FLAGGED and order.gateway_payment_id
    if order.status != OrderStatus.PAID and not flagged_with_payment:
        raise ApplicationError(
            _("Only a paid (or flagged) order can be refunded."), code="order_not_refundable"
        )
    was_paid = order.status == OrderStatus.PAID
    if order.gateway != Gateway.NONE and (order.amount > 0 or flagged_with_payment):
        try:
            order.gateway_refund_id = get_gateway(order.gateway).refund(order=order)
        except GatewayError as error:
            raise ApplicationError(
                _("The payment service refused the refund: %(error)s") % {"error": error},
                code="gateway_error",
                status=502,
            ) from error
    order.status = OrderStatus.REFUNDED
    order.refunded_at = timezone.now()
    order.save(update_fields=["status", "refunded_at", "gateway_refund_id"])
    if was_paid:
        enrollment = enrollment_get(user=order.user, course=order.course)
        if enrollment is not None and enrollment.status != EnrollmentStatus.REVOKED:
            enrollment_revoke(enrollment=enrollment)
    publish(
        OrderRefunded(
            order_id=order.pk,
            user_id=order.user_id,
            course_id=order.course_id,
            amount=order.amount,
            currency=order.currency,
        )
    )
    logger.info("Order %s refunded by %s", order.pk, acting_user)
    return order


@transaction.atomic
def orders_expire_stale() -> int:
    """Unpaid orders older than LMS_ORDER_PENDING_MINUTES fail and give their coupon back.
    A payment that still arrives later is settled if the coupon is still free (else
    flagged for a refund)."""
    cutoff = timezone.now() - timedelta(minutes=settings.LMS_ORDER_PENDING_MINUTES)
    stale = list(
        Order.objects.select_for_update().filter(status=OrderStatus.CREATED, created_at__lt=cutoff)
    )
    for order in stale:
        _order_release(order)
    return len(stale)
