"""Paid enrollment through each gateway, against the local fake of its HTTP API, with
webhooks signed by test secrets so the real verification code runs."""

from decimal import Decimal

import pytest
from django.urls import reverse

from lms.accounts.tests.factories import StudentFactory
from lms.catalog.tests.factories import CourseFactory
from lms.commerce import selectors
from lms.commerce.models import CouponRedemption, Order, OrderStatus, WebhookEvent
from lms.commerce.tests import fake_gateways as fake
from lms.commerce.tests.factories import CouponFactory
from lms.learning.models import Enrollment, EnrollmentSource, EnrollmentStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    return CourseFactory(paid=True, price=Decimal("4999.00"))


@pytest.fixture
def buyer(api_client, student):
    api_client.force_authenticate(student)
    return api_client


def post_webhook(client, gateway: str, body: bytes, headers: dict):
    client.force_authenticate(None)
    return client.generic(
        "POST",
        reverse(f"api:payment-webhook-{gateway}"),
        body,
        content_type="application/json",
        **headers,
    )


def enrollments(student, course) -> int:
    return Enrollment.objects.filter(
        user=student, course=course, status=EnrollmentStatus.ACTIVE
    ).count()


def net_revenue() -> Decimal:
    return sum((row.net for row in selectors.revenue_summary_get()), Decimal("0"))


class TestRazorpay:
    def start(self, buyer, course, code=""):
        response = buyer.post(reverse("api:payment-order"), {"course": course.slug, "code": code})
        assert response.status_code == 200, response.json()
        body = response.json()
        assert body["status"] == "payment_required"
        return body

    def test_order_signature_then_webhook_enrolls_exactly_once(
        self, buyer, student, course, gateway_fake
    ):
        body = self.start(buyer, course)
        data = body["checkout"]["client_data"]
        order_id = body["checkout"]["gateway_order_id"]
        assert (data["key"], data["amount"], data["currency"], data["order_id"]) == (
            fake.RAZORPAY_KEY_ID,
            499900,
            "INR",
            order_id,
        )
        assert gateway_fake.razorpay_orders[order_id]["amount"] == 499900
        assert enrollments(student, course) == 0

        payment_id = gateway_fake.razorpay_pay(order_id)
        verify = buyer.post(
            reverse("api:payment-razorpay-verify"),
            {
                "razorpay_order_id": order_id,
                "razorpay_payment_id": payment_id,
                "razorpay_signature": fake.razorpay_payment_signature(order_id, payment_id),
            },
        )
        assert verify.status_code == 200, verify.json()
        assert verify.json()["status"] == "paid"
        assert enrollments(student, course) == 1
        assert Enrollment.objects.get(user=student).source == EnrollmentSource.PAYMENT

        # The webhook arriving after the browser: recorded, a no-op for the order.
        webhook_body, headers = fake.razorpay_webhook(gateway_fake.razorpay_payments[payment_id])
        assert post_webhook(buyer, "razorpay", webhook_body, headers).json() == {
            "received": True,
            "duplicate": False,
        }
        # A replay of the same event: 200, nothing changes.
        replay = post_webhook(buyer, "razorpay", webhook_body, headers)
        assert replay.status_code == 200 and replay.json()["duplicate"] is True
        assert WebhookEvent.objects.count() == 1
        assert enrollments(student, course) == 1
        assert Order.objects.get().status == OrderStatus.PAID
        assert net_revenue() == Decimal("4999.00")
        assert selectors.revenue_summary_get()[0].paid_orders == 1

    def test_webhook_first_then_browser_is_a_no_op(self, buyer, student, course, gateway_fake):
        order_id = self.start(buyer, course)["checkout"]["gateway_order_id"]
        payment_id = gateway_fake.razorpay_pay(order_id)
        body, headers = fake.razorpay_webhook(gateway_fake.razorpay_payments[payment_id])
        assert post_webhook(buyer, "razorpay", body, headers).status_code == 200
        assert enrollments(student, course) == 1
        buyer.force_authenticate(student)
        verify = buyer.post(
            reverse("api:payment-razorpay-verify"),
            {
                "razorpay_order_id": order_id,
                "razorpay_payment_id": payment_id,
                "razorpay_signature": fake.razorpay_payment_signature(order_id, payment_id),
            },
        )
        assert verify.status_code == 200 and verify.json()["status"] == "paid"
        assert Enrollment.objects.count() == 1 and net_revenue() == Decimal("4999.00")

    def test_wrong_payment_signature_is_refused(self, buyer, student, course, gateway_fake):
        order_id = self.start(buyer, course)["checkout"]["gateway_order_id"]
        payment_id = gateway_fake.razorpay_pay(order_id)
        response = buyer.post(
            reverse("api:payment-razorpay-verify"),
            {
                "razorpay_order_id": order_id,
                "razorpay_payment_id": payment_id,
                "razorpay_signature": fake.razorpay_payment_signature(
                    order_id, payment_id, secret="guess"
                ),
            },
        )
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "payment_signature_invalid"
        assert enrollments(student, course) == 0

    def test_tampered_webhook_is_refused_and_nothing_recorded(
        self, buyer, student, course, gateway_fake, caplog
    ):
        order_id = self.start(buyer, course)["checkout"]["gateway_order_id"]
        payment_id = gateway_fake.razorpay_pay(order_id)
        body, headers = fake.razorpay_webhook(gateway_fake.razorpay_payments[payment_id])
        tampered = body.replace(b'"amount": 499900', b'"amount": 100')
        assert tampered != body
        response = post_webhook(buyer, "razorpay", tampered, headers)
        assert response.status_code == 400
        unsigned = post_webhook(buyer, "razorpay", body, {})
        assert unsigned.status_code == 400
        assert not WebhookEvent.objects.exists()
        assert enrollments(student, course) == 0
        assert "Refused a razorpay webhook" in caplog.text

    def test_amount_mismatch_flags_the_order_without_enrolling(
        self, buyer, student, course, gateway_fake
    ):
        order_id = self.start(buyer, course)["checkout"]["gateway_order_id"]
        payment_id = gateway_fake.razorpay_pay(order_id, amount=100)
        body, headers = fake.razorpay_webhook(gateway_fake.razorpay_payments[payment_id])
        assert post_webhook(buyer, "razorpay", body, headers).status_code == 200
        order = Order.objects.get()
        assert order.status == OrderStatus.FLAGGED and "expected 499900" in order.flag_reason
        assert enrollments(student, course) == 0 and net_revenue() == 0

    def test_currency_mismatch_flags_the_order(self, buyer, student, course, gateway_fake):
        order_id = self.start(buyer, course)["checkout"]["gateway_order_id"]
        payment_id = gateway_fake.razorpay_pay(order_id, currency="USD")
        buyer.post(
            reverse("api:payment-razorpay-verify"),
            {
                "razorpay_order_id": order_id,
                "razorpay_payment_id": payment_id,
                "razorpay_signature": fake.razorpay_payment_signature(order_id, payment_id),
            },
        )
        assert Order.objects.get().status == OrderStatus.FLAGGED
        assert enrollments(student, course) == 0

    def test_partial_coupon_reduces_the_amount_and_is_reserved(
        self, buyer, student, course, gateway_fake
    ):
        coupon = CouponFactory(code="HALF", value=Decimal("50"))
        body = self.start(buyer, course, code="half")
        assert body["order"]["amount"] == "2499.50" and body["order"]["coupon_code"] == "HALF"
        assert (
            gateway_fake.razorpay_orders[body["checkout"]["gateway_order_id"]]["amount"] == 249950
        )
        assert coupon.redemptions.count() == 1

    def test_refund_calls_the_gateway_and_revokes(self, buyer, student, course, gateway_fake):
        from lms.commerce import services

        order_id = self.start(buyer, course)["checkout"]["gateway_order_id"]
        payment_id = gateway_fake.razorpay_pay(order_id)
        body, headers = fake.razorpay_webhook(gateway_fake.razorpay_payments[payment_id])
        post_webhook(buyer, "razorpay", body, headers)
        order = services.order_refund(order=Order.objects.get())
        assert order.status == OrderStatus.REFUNDED and order.gateway_refund_id.startswith("rfnd_")
        assert gateway_fake.refunds[-1]["payment_id"] == payment_id
        assert gateway_fake.refunds[-1]["amount"] == 499900
        assert Enrollment.objects.get(user=student).status == EnrollmentStatus.REVOKED
        assert net_revenue() == 0
        with pytest.raises(Exception, match="Only a paid"):
            services.order_refund(order=order)

    def test_gateway_down_releases_the_coupon(self, buyer, student, course, gateway_fake):
        CouponFactory(code="HALF", value=Decimal("50"))
        gateway_fake.fail_next = 1
        response = buyer.post(reverse("api:payment-order"), {"course": course.slug, "code": "HALF"})
        assert response.status_code == 502
        assert Order.objects.get().status == OrderStatus.FAILED
        assert not CouponRedemption.objects.exists()


class TestStripe:
    def start(self, buyer, course):
        response = buyer.post(reverse("api:payment-stripe-session"), {"course": course.slug})
        assert response.status_code == 200, response.json()
        return response.json()["checkout"]

    def test_session_then_return_then_webhook_enrolls_once(
        self, buyer, client, student, course, gateway_fake
    ):
        checkout = self.start(buyer, course)
        session_id = checkout["gateway_order_id"]
        assert checkout["redirect_url"].endswith(f"/pay/{session_id}")
        session = gateway_fake.stripe_sessions[session_id]
        assert session["amount_total"] == 499900 and session["currency"] == "inr"
        assert session["success_url"].endswith("session_id={CHECKOUT_SESSION_ID}")
        assert session["client_reference_id"] == str(Order.objects.get().pk)

        gateway_fake.stripe_pay(session_id)
        # The student comes back: the return page asks Stripe about the session.
        client.force_login(student)
        page = client.get(reverse("student_pwa:payment_return"), {"session_id": session_id})
        assert page.status_code == 200
        assert enrollments(student, course) == 1

        body, headers = fake.stripe_webhook(session)
        assert post_webhook(buyer, "stripe", body, headers).json()["duplicate"] is False
        assert post_webhook(buyer, "stripe", body, headers).json()["duplicate"] is True
        assert Enrollment.objects.count() == 1 and WebhookEvent.objects.count() == 1
        assert net_revenue() == Decimal("4999.00")

    def test_webhook_alone_enrolls(self, buyer, student, course, gateway_fake):
        session = gateway_fake.stripe_pay(self.start(buyer, course)["gateway_order_id"])
        body, headers = fake.stripe_webhook(session)
        assert post_webhook(buyer, "stripe", body, headers).status_code == 200
        order = Order.objects.get()
        assert order.status == OrderStatus.PAID and order.gateway_payment_id.startswith("pi_")
        assert enrollments(student, course) == 1

    def test_tampered_and_wrongly_signed_webhooks_are_refused(
        self, buyer, student, course, gateway_fake
    ):
        session = gateway_fake.stripe_pay(self.start(buyer, course)["gateway_order_id"])
        body, headers = fake.stripe_webhook(session)
        assert (
            post_webhook(buyer, "stripe", body.replace(b"499900", b"100"), headers).status_code
            == 400
        )
        _, forged = fake.stripe_webhook(session, secret="whsec_guess")
        assert post_webhook(buyer, "stripe", body, forged).status_code == 400
        assert not WebhookEvent.objects.exists() and enrollments(student, course) == 0

    def test_amount_mismatch_flags(self, buyer, student, course, gateway_fake):
        session = gateway_fake.stripe_pay(self.start(buyer, course)["gateway_order_id"], amount=5)
        body, headers = fake.stripe_webhook(session)
        post_webhook(buyer, "stripe", body, headers)
        assert Order.objects.get().status == OrderStatus.FLAGGED
        assert enrollments(student, course) == 0

    def test_refund(self, buyer, student, course, gateway_fake):
        from lms.commerce import services

        session = gateway_fake.stripe_pay(self.start(buyer, course)["gateway_order_id"])
        body, headers = fake.stripe_webhook(session)
        post_webhook(buyer, "stripe", body, headers)
        services.order_refund(order=Order.objects.get())
        assert gateway_fake.refunds[-1]["payment_intent"] == session["payment_intent"]
        assert Order.objects.get().status == OrderStatus.REFUNDED
        assert Enrollment.objects.get().status == EnrollmentStatus.REVOKED


def test_unconfigured_gateway_is_hidden(buyer, course, settings):
    settings.STRIPE_SECRET_KEY = ""
    response = buyer.post(reverse("api:payment-stripe-session"), {"course": course.slug})
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "payments_unavailable"
    assert selectors.gateway_choices() == []


def test_webhook_for_unconfigured_gateway_is_404(api_client):
    response = api_client.post(
        reverse("api:payment-webhook-stripe"), b"{}", content_type="application/json"
    )
    assert response.status_code == 404


def test_another_student_cannot_confirm_my_order(buyer, course, gateway_fake, api_client):
    body = buyer.post(reverse("api:payment-order"), {"course": course.slug}).json()
    order_id = body["checkout"]["gateway_order_id"]
    payment_id = gateway_fake.razorpay_pay(order_id)
    intruder = StudentFactory()
    buyer.force_authenticate(intruder)
    response = buyer.post(
        reverse("api:payment-razorpay-verify"),
        {
            "razorpay_order_id": order_id,
            "razorpay_payment_id": payment_id,
            "razorpay_signature": fake.razorpay_payment_signature(order_id, payment_id),
        },
    )
    assert response.status_code == 404


def test_webhook_needs_no_csrf_token_nor_login(buyer, student, course, gateway_fake):
    from rest_framework.test import APIClient

    order_id = buyer.post(reverse("api:payment-order"), {"course": course.slug}).json()["checkout"][
        "gateway_order_id"
    ]
    payment_id = gateway_fake.razorpay_pay(order_id)
    body, headers = fake.razorpay_webhook(gateway_fake.razorpay_payments[payment_id])
    strict = APIClient(enforce_csrf_checks=True)
    response = strict.generic(
        "POST",
        reverse("api:payment-webhook-razorpay"),
        body,
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 200
    assert enrollments(student, course) == 1


def test_stale_order_gives_its_coupon_back_and_a_late_payment_still_settles(
    buyer, student, course, gateway_fake, settings
):
    from datetime import timedelta

    from django.utils import timezone

    from lms.commerce import services

    coupon = CouponFactory(code="HALF", value=Decimal("50"))
    body = buyer.post(reverse("api:payment-order"), {"course": course.slug, "code": "HALF"}).json()
    order_id = body["checkout"]["gateway_order_id"]
    Order.objects.update(
        created_at=timezone.now() - timedelta(minutes=settings.LMS_ORDER_PENDING_MINUTES + 1)
    )
    assert services.orders_expire_stale() == 1
    assert Order.objects.get().status == OrderStatus.FAILED and coupon.redemptions.count() == 0

    payment_id = gateway_fake.razorpay_pay(order_id)
    webhook_body, headers = fake.razorpay_webhook(gateway_fake.razorpay_payments[payment_id])
    post_webhook(buyer, "razorpay", webhook_body, headers)
    assert Order.objects.get().status == OrderStatus.PAID
    assert coupon.redemptions.count() == 1 and enrollments(student, course) == 1
