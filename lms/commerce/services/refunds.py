"""Refunds through the order's gateway."""

from __future__ import annotations

import logging

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.audit.services import audit_record
from lms.commerce.events import OrderRefunded
from lms.commerce.gateways import (
    GatewayError,
    get_gateway,
)
from lms.commerce.models import (
    Gateway,
    Order,
    OrderStatus,
)
from lms.core.errors import ApplicationError
from lms.core.events import publish
from lms.learning.models import EnrollmentStatus
from lms.learning.selectors import enrollment_get
from lms.learning.services import enrollment_revoke

logger = logging.getLogger(__name__)


@transaction.atomic
def order_refund(
    *, order: Order, acting_user: User | None = None, request: HttpRequest | None = None
) -> Order:
    """Refund an order in full through its gateway and mark it refunded. A paid order's
    enrollment is revoked; a flagged order (money received, no enrollment given: amount
    mismatch, coupon gone, already enrolled) is refunded without touching any enrollment.
    The order row stays locked during the gateway call, so two clicks refund once."""
    order = Order.objects.select_for_update().select_related("course", "user").get(pk=order.pk)
    flagged_with_payment = order.status == OrderStatus.FLAGGED and order.gateway_payment_id
    if order.status != OrderStatus.PAID and not flagged_with_payment:
        raise ApplicationError(
            _("Only a paid (or flagged) order can be refunded."), code="order_not_refundable"
        )
    was_paid = order.status == OrderStatus.PAID
    if order.gateway != Gateway.NONE and (order.amount > 0 or flagged_with_payment):
        try:
            order.gateway_refund_id = get_gateway(order.gateway).refund(order=order)
        except GatewayError as error:
            raise ApplicationError(
                _("The payment service refused the refund: %(error)s") % {"error": error},
                code="gateway_error",
                status=502,
            ) from error
    order.status = OrderStatus.REFUNDED
    order.refunded_at = timezone.now()
    order.save(update_fields=["status", "refunded_at", "gateway_refund_id"])
    audit_record(
        actor=acting_user,
        action="order.refund",
        target=order,
        changes={
            "status": [OrderStatus.PAID if was_paid else OrderStatus.FLAGGED, order.status],
            "amount": order.amount,
            "currency": order.currency,
            "gateway": order.gateway,
            "gateway_refund_id": order.gateway_refund_id,
        },
        request=request,
    )
    if was_paid:
        enrollment = enrollment_get(user=order.user, course=order.course)
        if enrollment is not None and enrollment.status != EnrollmentStatus.REVOKED:
            enrollment_revoke(enrollment=enrollment, acting_user=acting_user, request=request)
    publish(
        OrderRefunded(
            order_id=order.pk,
            user_id=order.user_id,
            course_id=order.course_id,
            amount=order.amount,
            currency=order.currency,
        )
    )
    logger.info("Order %s refunded by %s", order.pk, acting_user)
    return order
