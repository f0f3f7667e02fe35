"""Orders (filters, refund through the gateway) and the gateways' webhook events (read-only)."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from unfold.contrib.filters.admin import RangeDateFilter, RelatedDropdownFilter
from unfold.decorators import action, display

from admin_ext.actions import confirm_first
from admin_ext.base import ConsoleModelAdmin
from lms.commerce import services
from lms.commerce.models import Order, OrderStatus, WebhookEvent
from lms.core.errors import ApplicationError


@admin.register(Order)
class OrderAdmin(ConsoleModelAdmin):
    list_display = [
        "id",
        "user",
        "course",
        "amount_label",
        "status_label",
        "gateway",
        "coupon",
        "created_at",
        "paid_at",
    ]
    list_select_related = ["user", "course", "coupon"]
    list_filter = [
        "status",
        "gateway",
        ("course", RelatedDropdownFilter),
        ("created_at", RangeDateFilter),
    ]
    list_filter_submit = True
    search_fields = ["user__email", "gateway_order_id", "gateway_payment_id", "coupon__code"]
    date_hierarchy = "created_at"
    actions = ["refund"]
    actions_detail = ["refund_one"]
    readonly_fields = [
        "user",
        "course",
        "list_price",
        "discount",
        "amount",
        "currency",
        "coupon",
        "status",
        "gateway",
        "gateway_order_id",
        "gateway_payment_id",
        "gateway_refund_id",
        "checkout_url",
        "flag_reason",
        "created_at",
        "paid_at",
        "refunded_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @display(description=_("Amount"), ordering="amount")
    def amount_label(self, order: Order) -> str:
        return f"{order.currency} {order.amount:,.2f}"

    @display(
        description=_("Status"),
        label={
            OrderStatus.PAID: "success",
            OrderStatus.CREATED: "info",
            OrderStatus.FLAGGED: "warning",
            OrderStatus.FAILED: "danger",
            OrderStatus.REFUNDED: "danger",
        },
    )
    def status_label(self, order: Order) -> str:
        return order.status

    def _refund(self, request: HttpRequest, orders) -> None:
        done = 0
        for order in orders:
            try:
                services.order_refund(order=order, acting_user=request.user, request=request)
            except ApplicationError as error:
                self.message_user(request, f"#{order.pk}: {error.message}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%d order refunded.", "%d orders refunded.", done) % done,
                messages.SUCCESS,
            )

    @action(description=_("Refund selected orders (through the gateway)"), permissions=["change"])
    def refund(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._refund(request, queryset)

    @action(description=_("Refund"), permissions=["change"])
    @confirm_first(
        question=_("Refund this order through the gateway? The student loses access."),
        submit_label=_("Refund"),
    )
    def refund_one(self, request: HttpRequest, object_id: int) -> HttpResponseRedirect:
        self._refund(request, Order.objects.filter(pk=object_id))
        return HttpResponseRedirect(reverse("admin:commerce_order_change", args=[object_id]))


@admin.register(WebhookEvent)
class WebhookEventAdmin(ConsoleModelAdmin):
    list_display = ["received_at", "gateway", "type", "event_id", "processed_at"]
    list_filter = ["gateway", "type"]
    search_fields = ["event_id"]
    readonly_fields = ["gateway", "event_id", "type", "payload", "received_at", "processed_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
