"""Razorpay: the server creates an order, Razorpay's checkout.js takes the payment in the
browser, the server verifies the payment signature, and the `payment.captured` webhook
(signed with the webhook secret) confirms it too. Uses the official `razorpay` client."""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING

import razorpay
import requests
from django.conf import settings
from razorpay.errors import BadRequestError, ServerError, SignatureVerificationError
from razorpay.errors import GatewayError as RazorpayGatewayError

from lms.commerce.gateways.base import (
    GatewayCheckout,
    GatewayError,
    PaymentGateway,
    PaymentResult,
    SignatureError,
    WebhookMessage,
    to_minor_units,
)

if TYPE_CHECKING:
    from lms.commerce.models import Order

logger = logging.getLogger(__name__)

# Events that mean "this order's payment is captured"; both carry the payment entity.
PAYMENT_EVENTS = {"payment.captured", "order.paid"}
CLIENT_ERRORS = (
    BadRequestError,
    RazorpayGatewayError,
    ServerError,
    requests.RequestException,
    ValueError,
)


class RazorpayGateway(PaymentGateway):
    name = "razorpay"
    label = "Razorpay"

    @classmethod
    def is_configured(cls) -> bool:
        return bool(settings.RAZORPAY_KEY_ID and settings.RAZORPAY_KEY_SECRET)

    def __init__(self) -> None:
        self.client = razorpay.Client(
            auth=(settings.RAZORPAY_KEY_ID, settings.RAZORPAY_KEY_SECRET),
            base_url=settings.LMS_RAZORPAY_API_BASE,
        )
        self.client.set_app_details({"title": "LMS"})
        self.timeout = settings.LMS_GATEWAY_TIMEOUT_SECONDS

    def create_checkout(
        self, *, order: Order, return_url: str = "", cancel_url: str = ""
    ) -> GatewayCheckout:
        amount_minor = to_minor_units(order.amount, order.currency)
        try:
            created = self.client.order.create(
                {
                    "amount": amount_minor,
                    "currency": order.currency,
                    "receipt": f"order-{order.pk}",
                    "notes": {"order_id": str(order.pk), "course": order.course.slug},
                },
                timeout=self.timeout,
            )
        except CLIENT_ERRORS as error:
            logger.warning("Razorpay order creation failed for order %s: %s", order.pk, error)
            raise GatewayError(str(error)) from error
        return GatewayCheckout(
            gateway_order_id=created["id"],
            client_data={
                "key": settings.RAZORPAY_KEY_ID,
                "order_id": created["id"],
                "amount": amount_minor,
                "currency": order.currency,
                "name": settings.LMS_SITE_NAME,
                "description": order.course.title,
                "prefill": {"email": order.user.email, "name": order.user.full_name},
            },
        )

    def verify_payment(
        self, *, gateway_order_id: str, payment_id: str = "", signature: str = ""
    ) -> PaymentResult:
        try:
            self.client.utility.verify_payment_signature(
                {
                    "razorpay_order_id": gateway_order_id,
                    "razorpay_payment_id": payment_id,
                    "razorpay_signature": signature,
                }
            )
        except SignatureVerificationError as error:
            raise SignatureError("Razorpay payment signature does not match.") from error
        try:
            payment = self.client.payment.fetch(payment_id, timeout=self.timeout)
        except CLIENT_ERRORS as error:
            raise GatewayError(str(error)) from error
        if payment.get("order_id") != gateway_order_id:
            raise SignatureError("The payment belongs to another order.")
        return _payment_result(payment)

    def parse_webhook(self, *, body: bytes, headers: dict[str, str]) -> WebhookMessage:
        secret = settings.RAZORPAY_WEBHOOK_SECRET
        signature = headers.get("X-Razorpay-Signature", "")
        if not secret or not signature:
            raise SignatureError("Missing Razorpay webhook signature or secret.")
        try:
            text = body.decode("utf-8")
            self.client.utility.verify_webhook_signature(text, signature, secret)
            event = json.loads(text)
        except (SignatureVerificationError, UnicodeDecodeError, ValueError) as error:
            raise SignatureError("Razorpay webhook signature does not match.") from error
        if not isinstance(event, dict):
            raise SignatureError("Razorpay webhook body is not an event object.")
        payload = event.get("payload") if isinstance(event.get("payload"), dict) else {}
        payment = payload.get("payment") if isinstance(payload.get("payment"), dict) else {}
        entity = payment.get("entity")
        payment_entity = entity if isinstance(entity, dict) else {}
        event_type = str(event.get("event", ""))
        event_id = (
            headers.get("X-Razorpay-Event-Id")
            or f"{event_type}:{payment_entity.get('id', '')}:{event.get('created_at', '')}"
        )
        message = WebhookMessage(event_id=event_id, type=event_type, payload=event)
        if event_type in PAYMENT_EVENTS and payment_entity:
            return WebhookMessage(
                event_id=event_id,
                type=event_type,
                payload=event,
                payment=_payment_result(payment_entity),
            )
        if event_type == "payment.failed" and payment_entity.get("order_id"):
            return WebhookMessage(
                event_id=event_id,
                type=event_type,
                payload=event,
                failed_gateway_order_id=payment_entity["order_id"],
            )
        return message

    def refund(self, *, order: Order) -> str:
        try:
            refund = self.client.payment.refund(
                order.gateway_payment_id,
                # No amount: the whole captured payment (a flagged order may have been
                # paid a different amount than it asked for).
                {"notes": {"order_id": str(order.pk)}},
                timeout=self.timeout,
            )
        except CLIENT_ERRORS as error:
            logger.warning("Razorpay refund failed for order %s: %s", order.pk, error)
            raise GatewayError(str(error)) from error
        return str(refund.get("id", ""))


def _payment_result(payment: dict) -> PaymentResult:
    return PaymentResult(
        gateway_order_id=str(payment.get("order_id") or ""),
        payment_id=str(payment.get("id") or ""),
        amount_minor=int(payment.get("amount") or 0),
        currency=str(payment.get("currency") or "").upper(),
        succeeded=payment.get("status") == "captured",
    )
