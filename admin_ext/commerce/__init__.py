"""Sales in the console: coupons (usage, filters, deactivate, export, generate a batch with
a CSV download), orders (filters, refund through the gateway) and the gateways' webhook
events (read-only). Admins only: instructors hold no model permission here.

One module per page (coupons, coupon batches, payments: orders and webhook events);
importing the package registers them.
"""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from admin_ext.callbacks import ADMINS_ONLY
from admin_ext.commerce import coupons, payments  # noqa: F401

# This context's entries in the console sidebar (collected by admin_ext.callbacks).
SIDEBAR = [
    {
        "order": 30,
        "title": _("Sales"),
        "collapsible": True,
        "items": [
            {
                "title": _("Coupons"),
                "icon": "sell",
                "link": reverse_lazy("admin:commerce_coupon_changelist"),
                "permission": ADMINS_ONLY,
            },
            {
                "title": _("Orders"),
                "icon": "receipt_long",
                "link": reverse_lazy("admin:commerce_order_changelist"),
                "permission": ADMINS_ONLY,
            },
            {
                "title": _("Webhook events"),
                "icon": "webhook",
                "link": reverse_lazy("admin:commerce_webhookevent_changelist"),
                "permission": ADMINS_ONLY,
            },
        ],
    },
]
