"""Stripe: a Checkout Session hosted by Stripe; the student comes back to the return page
(which asks Stripe for the session) and the `checkout.session.completed` webhook (signed
with the endpoint's signing secret) confirms it too. Uses the official `stripe` library
through a StripeClient, so the API address can point at a local fake in tests."""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING

import stripe
from django.conf import settings

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

PAID_EVENTS = {"checkout.session.completed", "checkout.session.async_payment_succeeded"}
FAILED_EVENTS = {"checkout.session.async_payment_failed", "checkout.session.expired"}


class StripeGateway(PaymentGateway):
    name = "stripe"
    label = "Stripe"

    @classmethod
    def is_configured(cls) -> bool:
        return bool(settings.STRIPE_SECRET_KEY)

    def __init__(self) -> None:
        self.client = stripe.StripeClient(
            settings.STRIPE_SECRET_KEY,
            base_addresses={"api": settings.LMS_STRIPE_API_BASE},
            max_network_retries=0,
            http_client=stripe.RequestsClient(timeout=settings.LMS_GATEWAY_TIMEOUT_SECONDS),
        )

    def create_checkout(
        self, *, order: Order, return_url: str = "", cancel_url: str = ""
    ) -> GatewayCheckout:
        fallback = f"{settings.LMS_PUBLIC_URL.rstrip('/')}/app/orders/{order.pk}/"
        success_url = return_url or fallback
        separator = "&" if "?" in success_url else "?"
        try:
            session = self.client.v1.checkout.sessions.create(
                params={
                    "mode": "payment",
                    "client_reference_id": str(order.pk),
                    "customer_email": order.user.email,
                    "metadata": {"order_id": str(order.pk)},
                    "line_items": [
                        {
                            "quantity": 1,
                            "price_data": {
                                "currency": order.currency.lower(),
                                "unit_amount": to_minor_units(order.amount, order.currency),
                                "product_data": {"name": order.course.title},
                            },
                        }
                    ],
                    "success_url": f"{success_url}{separator}session_id={{CHECKOUT_SESSION_ID}}",
                    "cancel_url": cancel_url or fallback,
                }
            )
        except stripe.StripeError as error:
            logger.warning("Stripe session creation failed for order %s: %s", order.pk, error)
            raise GatewayError(str(error)) from error
        return GatewayCheckout(gateway_order_id=session.id, redirect_url=session.url or "")

    def verify_payment(
        self, *, gateway_order_id: str, payment_id: str = "", signature: str = ""
    ) -> PaymentResult:
        """Stripe signs nothing in the redirect: ask Stripe for the session instead."""
        try:
            session = self.client.v1.checkout.sessions.retrieve(gateway_order_id)
        except stripe.StripeError as error:
            raise GatewayError(str(error)) from error
        return _payment_result(session.to_dict())

    def parse_webhook(self, *, body: bytes, headers: dict[str, str]) -> WebhookMessage:
        secret = settings.STRIPE_WEBHOOK_SECRET
        signature = headers.get("Stripe-Signature", "")
        if not secret or not signature:
            raise SignatureError("Missing Stripe webhook signature or secret.")
        try:
            text = body.decode("utf-8")
            payload = json.loads(text)
            if not isinstance(payload, dict):
                raise ValueError("The webhook body is not an event object.")
            event = self.client.construct_event(text, signature, secret)
        except (stripe.SignatureVerificationError, UnicodeDecodeError, ValueError) as error:
            raise SignatureError("Stripe webhook signature does not match.") from error
        data = payload.get("data") if isinstance(payload.get("data"), dict) else {}
        session = data.get("object") if isinstance(data.get("object"), dict) else {}
        if event.type in PAID_EVENTS and session.get("object") == "checkout.session":
            return WebhookMessage(
                event_id=event.id,
                type=event.type,
                payload=payload,
                payment=_payment_result(session),
            )
        if event.type in FAILED_EVENTS and session.get("id"):
            return WebhookMessage(
                event_id=event.id,
                type=event.type,
                payload=payload,
                failed_gateway_order_id=session["id"],
            )
        return WebhookMessage(event_id=event.id, type=event.type, payload=payload)

    def refund(self, *, order: Order) -> str:
        try:
            refund = self.client.v1.refunds.create(
                params={
                    # No amount: the whole captured payment (see RazorpayGateway.refund).
                    "payment_intent": order.gateway_payment_id,
                    "metadata": {"order_id": str(order.pk)},
                }
            )
        except stripe.StripeError as error:
            logger.warning("Stripe refund failed for order %s: %s", order.pk, error)
            raise GatewayError(str(error)) from error
        return refund.id


def _payment_result(session: dict) -> PaymentResult:
    payment_intent = session.get("payment_intent") or ""
    if isinstance(payment_intent, dict):
        payment_intent = payment_intent.get("id", "")
    return PaymentResult(
        gateway_order_id=str(session.get("id") or ""),
        payment_id=str(payment_intent),
        amount_minor=int(session.get("amount_total") or 0),
        currency=str(session.get("currency") or "").upper(),
        succeeded=session.get("payment_status") == "paid",
    )
