"""Payment gateways behind one interface (base.PaymentGateway). Only configured gateways
are offered: a gateway without keys is hidden, never broken."""

from lms.commerce.gateways.base import (
    GatewayCheckout,
    GatewayError,
    PaymentGateway,
    PaymentResult,
    SignatureError,
    WebhookMessage,
    to_minor_units,
)
from lms.commerce.gateways.razorpay import RazorpayGateway
from lms.commerce.gateways.stripe import StripeGateway

GATEWAYS: dict[str, type[PaymentGateway]] = {
    RazorpayGateway.name: RazorpayGateway,
    StripeGateway.name: StripeGateway,
}


def available_gateways() -> list[str]:
    """Names of the gateways whose keys are set, in order of preference."""
    return [name for name, gateway in GATEWAYS.items() if gateway.is_configured()]


def get_gateway(name: str) -> PaymentGateway:
    """The gateway called `name`; GatewayError if unknown or not configured."""
    gateway = GATEWAYS.get(name)
    if gateway is None or not gateway.is_configured():
        raise GatewayError(f"Payment gateway {name!r} is not configured.")
    return gateway()


__all__ = [
    "GATEWAYS",
    "GatewayCheckout",
    "GatewayError",
    "PaymentGateway",
    "PaymentResult",
    "SignatureError",
    "WebhookMessage",
    "available_gateways",
    "get_gateway",
    "to_minor_units",
]
