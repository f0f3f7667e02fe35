"""Selling courses: coupons and their redemptions, orders paid through a gateway, and the
gateways' webhook events (kept so that a replayed event is recognised and ignored).

Limits are counted from rows (`CouponRedemption`), never from a counter that could drift;
exactness under concurrency comes from row locks and unique constraints (see services)."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Upper
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lms.catalog.models import Course


class DiscountType(models.TextChoices):
    PERCENT = "percent", _("Percent")
    FIXED = "fixed", _("Fixed amount")


class CouponScope(models.TextChoices):
    ALL_COURSES = "all", _("All courses")
    COURSES = "courses", _("Specific courses")


def normalize_code(code: str) -> str:
    """Codes are compared without regard to case or surrounding spaces."""
    return (code or "").strip().upper()


class Coupon(models.Model):
    code = models.CharField(_("code"), max_length=40, help_text=_("Case does not matter."))
    discount_type = models.CharField(
        _("discount type"),
        max_length=10,
        choices=DiscountType.choices,
        default=DiscountType.PERCENT,
    )
    value = models.DecimalField(
        _("value"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_(
            "A percentage (100 makes the course free) or an amount in the course's currency."
        ),
    )
    scope = models.CharField(
        _("applies to"), max_length=10, choices=CouponScope.choices, default=CouponScope.ALL_COURSES
    )
    courses = models.ManyToManyField(
        Course, blank=True, related_name="coupons", verbose_name=_("courses")
    )
    active = models.BooleanField(_("active"), default=True)
    valid_from = models.DateTimeField(_("valid from"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    max_redemptions = models.PositiveIntegerField(
        _("max redemptions"),
        null=True,
        blank=True,
        help_text=_("In total. Empty = unlimited; 1 = single-use."),
    )
    per_user_limit = models.PositiveIntegerField(_("per-user limit"), default=1)
    batch = models.CharField(_("batch"), max_length=100, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=now)

    class Meta:
        verbose_name = _("coupon")
        verbose_name_plural = _("coupons")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(Upper("code"), name="coupon_code_unique_case_insensitive"),
            models.CheckConstraint(
                condition=models.Q(value__gte=0), name="coupon_value_not_negative"
            ),
            models.CheckConstraint(
                condition=~models.Q(discount_type="percent") | models.Q(value__lte=100),
                name="coupon_percent_at_most_100",
            ),
            models.CheckConstraint(
                condition=models.Q(per_user_limit__gte=1), name="coupon_per_user_limit_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["active", "expires_at"]),
            models.Index(fields=["created_at"]),
        ]

    def __str__(self) -> str:
        return self.code

    def save(self, *args, **kwargs) -> None:
        self.code = normalize_code(self.code)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.code = normalize_code(self.code)
        if (
            self.discount_type == DiscountType.PERCENT
            and self.value is not None
            and self.value > 100
        ):
            raise ValidationError({"value": _("A percentage cannot be more than 100.")})
        if self.valid_from and self.expires_at and self.expires_at <= self.valid_from:
            raise ValidationError({"expires_at": _("The end must be after the start.")})


class OrderStatus(models.TextChoices):
    CREATED = "created", _("Awaiting payment")
    PAID = "paid", pgettext_lazy("order status", "Paid")
    FAILED = "failed", _("Failed")
    REFUNDED = "refunded", _("Refunded")
    FLAGGED = "flagged", _("Flagged for review")


class Gateway(models.TextChoices):
    NONE = "none", _("None (free)")
    RAZORPAY = "razorpay", _("Razorpay")
    STRIPE = "stripe", _("Stripe")


class Order(models.Model):
    """One attempt to buy one course. `amount` is what the student pays (after the coupon);
    an order of amount 0 records an enrollment by coupon."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders"
    )
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="orders")
    list_price = models.DecimalField(_("list price"), max_digits=10, decimal_places=2)
    discount = models.DecimalField(
        _("discount"), max_digits=10, decimal_places=2, default=Decimal("0")
    )
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="INR")
    coupon = models.ForeignKey(
        Coupon,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="orders",
        verbose_name=_("coupon"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=OrderStatus.choices, default=OrderStatus.CREATED
    )
    gateway = models.CharField(
        _("gateway"), max_length=10, choices=Gateway.choices, default=Gateway.NONE
    )
    gateway_order_id = models.CharField(_("gateway order"), max_length=100, blank=True)
    gateway_payment_id = models.CharField(_("gateway payment"), max_length=100, blank=True)
    checkout_url = models.URLField(_("checkout page"), max_length=1000, blank=True)
    gateway_refund_id = models.CharField(_("gateway refund"), max_length=100, blank=True)
    flag_reason = models.CharField(_("why flagged"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), default=now)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    refunded_at = models.DateTimeField(_("refunded"), null=True, blank=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="order_amount_not_negative"
            ),
            models.UniqueConstraint(
                fields=["gateway", "gateway_order_id"],
                condition=~models.Q(gateway_order_id=""),
                name="order_unique_gateway_order",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["gateway", "status"]),
            models.Index(fields=["course", "status"]),
            models.Index(fields=["user", "created_at"]),
            models.Index(fields=["created_at"]),
            models.Index(fields=["paid_at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.course} ({self.get_status_display()})"

    @property
    def is_free(self) -> bool:
        return self.amount == 0


class CouponRedemption(models.Model):
    """One use of a coupon. The rows are the count: limits are checked by counting them
    while the coupon row is locked."""

    coupon = models.ForeignKey(Coupon, on_delete=models.PROTECT, related_name="redemptions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coupon_redemptions"
    )
    order = models.OneToOneField(Order, on_delete=models.CASCADE, related_name="redemption")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="+")
    redeemed_at = models.DateTimeField(_("redeemed"), default=now)

    class Meta:
        verbose_name = _("coupon redemption")
        verbose_name_plural = _("coupon redemptions")
        ordering = ["-redeemed_at"]
        indexes = [models.Index(fields=["coupon", "user"])]

    def __str__(self) -> str:
        return f"{self.coupon} · {self.user}"


class WebhookEvent(models.Model):
    """A verified event received from a gateway. The unique (gateway, event_id) pair makes a
    replay or a retry a no-op."""

    gateway = models.CharField(_("gateway"), max_length=10, choices=Gateway.choices)
    event_id = models.CharField(_("event id"), max_length=200)
    type = models.CharField(_("type"), max_length=100)
    payload = models.JSONField(_("payload"))
    received_at = models.DateTimeField(_("received"), default=now)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["gateway", "event_id"], name="webhook_event_unique_per_gateway"
            )
        ]
        indexes = [models.Index(fields=["received_at"])]

    def __str__(self) -> str:
        return f"{self.gateway} {self.type} {self.event_id}"
