"""Writes for selling courses: coupons, checkout, payment confirmation, webhooks, refunds.

Exactness is the database's job: a coupon is redeemed while its row is locked
(`select_for_update`), so counting its redemption rows and inserting a new one cannot
interleave with another redeemer; an order is settled while its row is locked, so the
browser's confirmation and the gateway's webhook, whichever comes first, enroll once and
the other finds the order already paid. Webhook events are unique per gateway and event id.

One module per sub-domain; this package re-exports their public functions, so callers
write `from lms.commerce import services` and `services.enrollment_checkout(...)`.
"""

from lms.commerce.services.checkout import CheckoutResult, enrollment_checkout, orders_expire_stale
from lms.commerce.services.coupon_redemption import CENT, PriceQuote, coupon_quote
from lms.commerce.services.coupons import (
    CODE_ALPHABET,
    COUPON_SETTINGS,
    coupon_batch_generate,
    coupon_create,
    coupon_delete,
    coupon_update,
    coupons_deactivate,
    coupons_delete,
)
from lms.commerce.services.payments import payment_confirm, webhook_receive
from lms.commerce.services.refunds import order_refund

__all__ = [
    "CENT",
    "CODE_ALPHABET",
    "COUPON_SETTINGS",
    "CheckoutResult",
    "PriceQuote",
    "coupon_batch_generate",
    "coupon_create",
    "coupon_delete",
    "coupon_quote",
    "coupon_update",
    "coupons_deactivate",
    "coupons_delete",
    "enrollment_checkout",
    "order_refund",
    "orders_expire_stale",
    "payment_confirm",
    "webhook_receive",
]
