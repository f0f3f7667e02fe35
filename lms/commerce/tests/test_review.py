"""Defects found in review, each reproduced through the path a person or client uses:
refunding a flagged order (money received, no enrollment given), retrying a checkout with
the coupon one's own unpaid order holds, and the batch CSV link for labels with & or #."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from lms.catalog.tests.factories import CourseFactory
from lms.commerce import selectors
from lms.commerce.models import Coupon, CouponRedemption, Order, OrderStatus
from lms.commerce.tests import fake_gateways as fake
from lms.commerce.tests.factories import CouponFactory
from lms.learning.models import Enrollment, EnrollmentStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    return CourseFactory(paid=True, price=Decimal("4999.00"))


@pytest.fixture
def buyer(api_client, student):
    api_client.force_authenticate(student)
    return api_client


@pytest.fixture
def console(client, admin_user):
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    return client


def start_razorpay(buyer, course, code=""):
    response = buyer.post(reverse("api:payment-order"), {"course": course.slug, "code": code})
    assert response.status_code == 200, response.json()
    return response.json()


def verify(buyer, order_id, payment_id):
    return buyer.post(
        reverse("api:payment-razorpay-verify"),
        {
            "razorpay_order_id": order_id,
            "razorpay_payment_id": payment_id,
            "razorpay_signature": fake.razorpay_payment_signature(order_id, payment_id),
        },
    )


def test_a_flagged_paid_order_can_be_refunded_without_revoking_the_other_enrollment(
    buyer, student, course, gateway_fake, console
):
    """Two checkouts, both paid (the first modal was still open): the second payment is
    flagged "already enrolled: refund it". The console must be able to refund it, in full,
    and the enrollment the other order gave must stay; revenue counts one payment."""
    first = start_razorpay(buyer, course)["checkout"]["gateway_order_id"]
    second = start_razorpay(buyer, course)["checkout"]["gateway_order_id"]
    assert verify(buyer, second, gateway_fake.razorpay_pay(second)).json()["status"] == "paid"
    late_payment = gateway_fake.razorpay_pay(first)
    assert verify(buyer, first, late_payment).json()["status"] == "flagged"
    flagged = Order.objects.get(gateway_order_id=first)

    console.post(
        reverse("admin:commerce_order_changelist"),
        {"action": "refund", "_selected_action": [flagged.pk]},
    )

    flagged.refresh_from_db()
    assert flagged.status == OrderStatus.REFUNDED
    assert f"POST /v1/payments/{late_payment}/refund" in gateway_fake.paths()
    assert gateway_fake.refunds[-1]["amount"] == 499900
    assert Enrollment.objects.get(user=student, course=course).status == EnrollmentStatus.ACTIVE
    [revenue] = selectors.revenue_summary_get()
    assert (revenue.net, revenue.net_last_30_days, revenue.paid_orders) == (
        Decimal("4999.00"),
        Decimal("4999.00"),
        1,
    )


def test_a_stripe_flagged_order_is_refunded_in_full(buyer, student, course, gateway_fake, console):
    """A payment whose amount differs from the order is flagged; refunding it returns what
    was captured (a full refund), not the order's amount, and touches no revenue."""
    body = buyer.post(reverse("api:payment-stripe-session"), {"course": course.slug}).json()
    session = gateway_fake.stripe_pay(body["checkout"]["gateway_order_id"], amount=100)
    webhook_body, headers = fake.stripe_webhook(session)
    buyer.force_authenticate(None)
    buyer.generic(
        "POST",
        reverse("api:payment-webhook-stripe"),
        webhook_body,
        content_type="application/json",
        **headers,
    )
    order = Order.objects.get()
    assert order.status == OrderStatus.FLAGGED
    console.post(
        reverse("admin:commerce_order_changelist"),
        {"action": "refund", "_selected_action": [order.pk]},
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.REFUNDED
    assert gateway_fake.refunds[-1]["payment_intent"] == session["payment_intent"]
    assert gateway_fake.refunds[-1]["amount"] == 100
    assert selectors.revenue_summary_get() == []


def test_an_unpaid_order_cannot_be_refunded(buyer, course, gateway_fake, console):
    start_razorpay(buyer, course)
    order = Order.objects.get()
    console.post(
        reverse("admin:commerce_order_changelist"),
        {"action": "refund", "_selected_action": [order.pk]},
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.CREATED and gateway_fake.refunds == []


def test_retrying_checkout_with_the_coupon_my_unpaid_order_holds(
    buyer, student, course, gateway_fake
):
    """The student closes the payment window and starts again with the same single-use
    code: the unpaid order gives the code back and the new one takes it (not "already
    used" until the pending-order job runs an hour later)."""
    coupon = CouponFactory(code="HALF", value=Decimal("50"), max_redemptions=1)
    first = start_razorpay(buyer, course, "HALF")
    again = buyer.post(reverse("api:payment-order"), {"course": course.slug, "code": "half "})
    assert again.status_code == 200, again.json()
    assert again.json()["order"]["amount"] == "2499.50"
    assert Order.objects.get(pk=first["order"]["id"]).status == OrderStatus.FAILED
    assert list(coupon.redemptions.values_list("order_id", flat=True)) == [
        again.json()["order"]["id"]
    ]


def test_a_free_coupon_after_an_unpaid_coupon_order_keeps_limits(
    buyer, student, course, gateway_fake
):
    """A code first used in an unpaid order, then again once it covers the whole price
    (the course got cheaper): the unpaid order is released in the same transaction as the
    free enrollment, so the per-user limit (1) still holds: one redemption in the end."""
    coupon = CouponFactory(
        code="FLAT", discount_type="fixed", value=Decimal("3000"), max_redemptions=None
    )
    first = start_razorpay(buyer, course, "FLAT")
    course.price = Decimal("2500.00")
    course.save(update_fields=["price"])
    response = buyer.post(reverse("api:course-enroll", args=[course.slug]), {"code": "FLAT"})
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "enrolled"
    assert Order.objects.get(pk=first["order"]["id"]).status == OrderStatus.FAILED
    assert CouponRedemption.objects.filter(coupon=coupon, user=student).count() == 1


def test_batch_csv_link_works_for_labels_with_ampersand_and_hash(console):
    label = "Spring & Summer #1"
    page = console.post(
        reverse("admin:commerce_coupon_batch"),
        {
            "count": 3,
            "batch": label,
            "prefix": "",
            "discount_type": "percent",
            "value": "100",
            "scope": "all",
            "max_redemptions": 1,
            "per_user_limit": 1,
            "active": "on",
        },
    )
    assert page.status_code == 200
    csv_url = page.context["csv_url"]
    download = console.get(csv_url)
    rows = list(csv.DictReader(io.StringIO(download.content.decode())))
    assert sorted(row["code"] for row in rows) == sorted(
        Coupon.objects.filter(batch=label).values_list("code", flat=True)
    )
    assert len(rows) == 3


def test_a_captured_payment_without_an_order_id_settles_nothing(
    buyer, student, course, gateway_fake
):
    """Razorpay also reports payments made outside an order (payment links, QR codes on
    the same account): `order_id` is null. Such a webhook must not match an order whose
    gateway order id is empty (one whose gateway call failed), reviving and enrolling it."""
    gateway_fake.fail_next = 1
    failed = buyer.post(reverse("api:payment-order"), {"course": course.slug})
    assert failed.status_code == 502
    assert Order.objects.get().gateway_order_id == ""
    payment = {
        "id": "pay_link_1",
        "entity": "payment",
        "order_id": None,
        "amount": 499900,
        "currency": "INR",
        "status": "captured",
    }
    body, headers = fake.razorpay_webhook(payment)
    buyer.force_authenticate(None)
    response = buyer.generic(
        "POST",
        reverse("api:payment-webhook-razorpay"),
        body,
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 200
    assert Order.objects.get().status == OrderStatus.FAILED
    assert not Enrollment.objects.filter(user=student).exists()


@pytest.mark.parametrize(
    ("name", "args", "body"),
    [
        ("api:coupon-quote", [], b"{not json"),
        ("api:coupon-quote", [], b'{"code": "X", "course": "no-such-course"}'),
        ("api:course-enroll", ["no-such-course"], b"{}"),
        ("api:payment-order", [], b'{"code": "X"}'),
        ("api:payment-order", [], b"[1, 2]"),
        ("api:payment-razorpay-verify", [], b'{"razorpay_order_id": "order_x"}'),
        (
            "api:payment-razorpay-verify",
            [],
            b'{"razorpay_order_id": "", "razorpay_payment_id": "p", "razorpay_signature": "s"}',
        ),
        ("api:payment-stripe-session", [], b"null"),
    ],
)
def test_bad_input_is_a_clear_4xx_and_writes_nothing(buyer, gateway_fake, name, args, body):
    response = buyer.generic(
        "POST", reverse(name, args=args), body, content_type="application/json"
    )
    assert 400 <= response.status_code < 500, response.content
    assert set(response.json()["error"]) >= {"code", "message"}
    assert not Order.objects.exists() and not Enrollment.objects.exists()


@pytest.mark.parametrize(
    "payload", [b"[]", b'"text"', b'{"event": "payment.captured", "payload": null}']
)
def test_a_correctly_signed_but_odd_webhook_body_is_not_a_500(api_client, gateway_fake, payload):
    import hashlib
    import hmac

    signature = hmac.new(fake.RAZORPAY_WEBHOOK_SECRET.encode(), payload, hashlib.sha256).hexdigest()
    response = api_client.generic(
        "POST",
        reverse("api:payment-webhook-razorpay"),
        payload,
        content_type="application/json",
        HTTP_X_RAZORPAY_SIGNATURE=signature,
    )
    assert response.status_code < 500


@pytest.mark.parametrize(
    "payload", [b"[]", b'{"id": "evt_1", "type": "checkout.session.completed", "data": null}']
)
def test_a_correctly_signed_but_odd_stripe_webhook_body_is_not_a_500(
    api_client, gateway_fake, payload
):
    import hashlib
    import hmac
    import time

    timestamp = int(time.time())
    signature = hmac.new(
        fake.STRIPE_WEBHOOK_SECRET.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256
    ).hexdigest()
    response = api_client.generic(
        "POST",
        reverse("api:payment-webhook-stripe"),
        payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=f"t={timestamp},v1={signature}",
    )
    assert response.status_code < 500
