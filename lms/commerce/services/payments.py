"""Confirming payments: the browser's confirmation and the gateway's webhooks settle an
order exactly once."""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.commerce.gateways import (
    GatewayError,
    PaymentResult,
    SignatureError,
    get_gateway,
    to_minor_units,
)
from lms.commerce.models import (
    CouponRedemption,
    Order,
    OrderStatus,
    WebhookEvent,
)
from lms.commerce.services.checkout import _order_paid_publish, _order_release
from lms.commerce.services.coupon_redemption import _coupon_redeem
from lms.core.errors import ApplicationError, ConflictError, PermissionDeniedError
from lms.learning.models import EnrollmentSource
from lms.learning.services import enrollment_create

logger = logging.getLogger(__name__)

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
    except PermissionDeniedError as refusal:  # say, made staff between checkout and payment
        return _order_flag(order, f"Paid, but not enrolled ({refusal.code}): refund it.")
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
