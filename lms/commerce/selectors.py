"""Reads for selling courses: a person's orders, coupon usage, revenue figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from lms.accounts.models import User
from lms.commerce.gateways import GATEWAYS, available_gateways
from lms.commerce.models import Coupon, Order, OrderStatus

ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=12, decimal_places=2))


def order_list_for_user(*, user: User) -> QuerySet[Order]:
    """A person's orders, newest first, with what a list shows (one query)."""
    return (
        Order.objects.filter(user=user)
        .select_related("course", "coupon")
        .order_by("-created_at", "-pk")
    )


def order_get_for_user(*, user: User, pk: int) -> Order | None:
    """One of the person's own orders; None for anybody else's."""
    return order_list_for_user(user=user).filter(pk=pk).first()


def coupon_list_with_usage() -> QuerySet[Coupon]:
    """Coupons annotated with `used` (redemption rows), in one query."""
    return Coupon.objects.annotate(used=Count("redemptions", distinct=True))


def coupon_batch_codes(*, batch: str) -> QuerySet[Coupon]:
    return coupon_list_with_usage().filter(batch=batch).order_by("code")


def gateway_choices() -> list[tuple[str, str]]:
    """(name, label) of the gateways a student may pay with right now."""
    return [(name, GATEWAYS[name].label) for name in available_gateways()]


@dataclass(frozen=True)
class CurrencyRevenue:
    currency: str
    net: Decimal
    refunded: Decimal
    net_last_30_days: Decimal
    paid_orders: int
    net_this_month: Decimal = Decimal(0)


def revenue_summary_get() -> list[CurrencyRevenue]:
    """Money received per currency: paid minus refunded (all time and last 30 days) and
    the count of paid orders, in one aggregate query. Orders of amount 0 (coupons) and
    flagged orders are not revenue."""
    now = timezone.now()
    since = now - timedelta(days=30)
    month = timezone.localtime(now).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    # A refunded order counts (and is subtracted) only if it had been paid: a flagged
    # order refunded never was revenue (it has no paid_at).
    settled = Q(status=OrderStatus.PAID) | Q(status=OrderStatus.REFUNDED, paid_at__isnull=False)
    refunded = Q(status=OrderStatus.REFUNDED, paid_at__isnull=False)
    rows = (
        Order.objects.filter(settled, amount__gt=0)
        .values("currency")
        .annotate(
            gross=Coalesce(Sum("amount"), ZERO),
            refunded_total=Coalesce(Sum("amount", filter=refunded), ZERO),
            gross_recent=Coalesce(Sum("amount", filter=Q(paid_at__gte=since)), ZERO),
            refunded_recent=Coalesce(
                Sum("amount", filter=refunded & Q(refunded_at__gte=since)), ZERO
            ),
            paid_orders=Count("pk", filter=Q(status=OrderStatus.PAID)),
            gross_month=Coalesce(Sum("amount", filter=Q(paid_at__gte=month)), ZERO),
            refunded_month=Coalesce(
                Sum("amount", filter=refunded & Q(refunded_at__gte=month)), ZERO
            ),
        )
        .order_by("currency")
    )
    return [
        CurrencyRevenue(
            currency=row["currency"],
            net=row["gross"] - row["refunded_total"],
            refunded=row["refunded_total"],
            net_last_30_days=row["gross_recent"] - row["refunded_recent"],
            paid_orders=row["paid_orders"],
            net_this_month=row["gross_month"] - row["refunded_month"],
        )
        for row in rows
    ]


def revenue_by_month(*, since: datetime) -> dict[str, dict]:
    """{currency: {month start (date): net}} from `since` (a month start): money paid in a
    month minus money refunded in it (of orders that had been paid); two grouped queries."""
    paid = (
        Order.objects.filter(paid_at__gte=since, amount__gt=0)
        .filter(Q(status=OrderStatus.PAID) | Q(status=OrderStatus.REFUNDED))
        .annotate(month=TruncMonth("paid_at"))
        .values("currency", "month")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    refunded = (
        Order.objects.filter(
            status=OrderStatus.REFUNDED,
            paid_at__isnull=False,
            refunded_at__gte=since,
            amount__gt=0,
        )
        .annotate(month=TruncMonth("refunded_at"))
        .values("currency", "month")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    net: dict[str, dict] = {}
    for rows, sign in ((paid, 1), (refunded, -1)):
        for row in rows:
            month = row["month"].date() if hasattr(row["month"], "date") else row["month"]
            per_currency = net.setdefault(row["currency"], {})
            per_currency[month] = per_currency.get(month, Decimal(0)) + sign * row["total"]
    return net
