"""Checkout: a free course enrolls at once, a paid one starts a gateway payment; unpaid
orders expire."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.accounts.selectors import user_has_verified_email
from lms.catalog.models import Course, CourseStatus, EnrollmentMode
from lms.commerce.events import OrderPaid
from lms.commerce.gateways import (
    GatewayCheckout,
    GatewayError,
    available_gateways,
    get_gateway,
)
from lms.commerce.models import (
    CouponRedemption,
    Gateway,
    Order,
    OrderStatus,
    normalize_code,
)
from lms.commerce.services.coupon_redemption import (
    PriceQuote,
    _coupon_redeem,
    _quote,
    coupon_quote,
)
from lms.core.errors import ApplicationError, PermissionDeniedError
from lms.core.events import publish
from lms.learning.models import Enrollment, EnrollmentSource
from lms.learning.services import enrollment_create, enrollment_refuse_duplicate


@dataclass(frozen=True)
class CheckoutResult:
    """Either an enrollment (nothing to pay) or an order waiting for the gateway."""

    enrollment: Enrollment | None = None
    order: Order | None = None
    checkout: GatewayCheckout | None = None

    @property
    def enrolled(self) -> bool:
        return self.enrollment is not None


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
    enrollment_refuse_duplicate(user=user, course=course)


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
