"""Events the commerce context publishes (see lms/core/events.py and the README's list)."""

from dataclasses import dataclass
from decimal import Decimal

from lms.core.events import Event


@dataclass(frozen=True)
class OrderPaid(Event):
    """An order was settled (paid through a gateway, or free) and its enrollment exists."""

    order_id: int
    user_id: int
    course_id: int
    amount: Decimal
    currency: str


@dataclass(frozen=True)
class OrderRefunded(Event):
    """An order was refunded and its enrollment revoked."""

    order_id: int
    user_id: int
    course_id: int
    amount: Decimal
    currency: str
