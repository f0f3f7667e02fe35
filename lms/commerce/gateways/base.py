"""The one small interface every payment gateway implements, and the plain values that
cross it. Services talk to gateways only through this interface."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lms.commerce.models import Order

# Currencies whose smallest unit is the unit itself (no cents); the rest use 1/100.
ZERO_DECIMAL_CURRENCIES = {
    "BIF",
    "CLP",
    "DJF",
    "GNF",
    "JPY",
    "KMF",
    "KRW",
    "MGA",
    "PYG",
    "RWF",
    "UGX",
    "VND",
    "VUV",
    "XAF",
    "XOF",
    "XPF",
}


def to_minor_units(amount: Decimal, currency: str) -> int:
    """Gateways count money in the currency's smallest unit (paise, cents)."""
    factor = 1 if currency.upper() in ZERO_DECIMAL_CURRENCIES else 100
    return int((amount * factor).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


class GatewayError(Exception):
    """The gateway could not be reached or refused a request."""


class SignatureError(GatewayError):
    """A signature did not match: the message is not from the gateway (or was altered)."""


@dataclass(frozen=True)
class GatewayCheckout:
    """What the browser needs to pay: the gateway's order/session id and either data for the
    gateway's script (Razorpay) or a page to redirect to (Stripe)."""

    gateway_order_id: str
    redirect_url: str = ""
    client_data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PaymentResult:
    """A payment as the gateway reports it. `amount_minor` is in the smallest unit."""

    gateway_order_id: str
    payment_id: str
    amount_minor: int
    currency: str
    succeeded: bool


@dataclass(frozen=True)
class WebhookMessage:
    """A webhook whose signature was verified. `payment` is set for the events that
    confirm a payment (and None for the events the LMS only records)."""

    event_id: str
    type: str
    payload: dict[str, Any]
    payment: PaymentResult | None = None
    failed_gateway_order_id: str = ""


class PaymentGateway(ABC):
    name: str = ""
    label: str = ""

    @classmethod
    @abstractmethod
    def is_configured(cls) -> bool:
        """True when the keys this gateway needs are set."""

    @abstractmethod
    def create_checkout(
        self, *, order: Order, return_url: str = "", cancel_url: str = ""
    ) -> GatewayCheckout:
        """Create the gateway's order (or checkout session) for `order`."""

    @abstractmethod
    def verify_payment(
        self, *, gateway_order_id: str, payment_id: str = "", signature: str = ""
    ) -> PaymentResult:
        """Check a payment the browser reports (signature where the gateway signs it) and
        return what the gateway says about it. Raises SignatureError on a bad signature."""

    @abstractmethod
    def parse_webhook(self, *, body: bytes, headers: dict[str, str]) -> WebhookMessage:
        """Verify the webhook's signature (SignatureError if it fails) and read it."""

    @abstractmethod
    def refund(self, *, order: Order) -> str:
        """Refund the order's payment in full; returns the gateway's refund id."""
